@note-000
Feature: The API server rejects bad requests with its own words, and changes nothing
  Every rejection is a Status worded as kube-apiserver (or, for what it refuses before sending,
  kubectl 1.32) words it, and the cluster is left exactly as it was.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: The note's two-container pod with a lowercase `apiversion` (note 000)
    When I apply "fixtures/pods/sample-2pod.yaml"
    Then the request is rejected with:
      """
      error validating "fixtures/pods/sample-2pod.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false
      """
    And the cluster is unchanged

  Scenario: `kind: pod` is not a kind the server knows (note 000)
    When I apply:
      """
      apiVersion: v1
      kind: pod
      metadata:
        name: sample-2pod
      spec:
        containers:
        - name: nginx-container
          image: nginx:1.16
      """
    Then the request is rejected with:
      """
      resource mapping not found for name: "sample-2pod" namespace: "" from "manifest.yaml": no matches for kind "pod" in version "v1"
      ensure CRDs are installed first
      """
    And the cluster is unchanged

  Scenario: Fields indented one level too little are unknown fields of the pod spec (note 000)
    When I apply "fixtures/pods/sample-named-port-pod-80.yaml"
    Then the request is rejected with:
      """
      Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containerPort", unknown field "spec.image", unknown field "spec.ports"
      """
    And the cluster is unchanged

  Scenario: Malformed YAML is reported with its line
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: x
       spec: {}
      """
    Then the request is rejected with "error parsing manifest.yaml: error converting YAML to JSON: yaml: line 5: did not find expected key"
    And the cluster is unchanged

  Scenario: A name that is not a DNS subdomain
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: Sample_Pod
      spec:
        containers:
        - name: web
          image: nginx:1.16
      """
    Then the request is rejected with:
      """
      Pod "Sample_Pod" is invalid: metadata.name: Invalid value: "Sample_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
      """
    And the cluster is unchanged

  Scenario: A label value with a space
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app: my app
      spec:
        containers:
        - name: web
          image: nginx:1.16
      """
    Then the request is rejected with:
      """
      Pod "web" is invalid: metadata.labels: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
      """
    And the cluster is unchanged

  Scenario: Two containers with the same name
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: twins
      spec:
        containers:
        - name: web
          image: nginx:1.16
        - name: web
          image: redis:3.2
      """
    Then the request is rejected with:
      """
      Pod "twins" is invalid: spec.containers[1].name: Duplicate value: "web"
      """
    And the cluster is unchanged

  Scenario: A container port out of range
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx:1.16
          ports:
          - containerPort: 70000
      """
    Then the request is rejected with:
      """
      Pod "web" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive
      """
    And the cluster is unchanged

  Scenario: A ReplicaSet whose selector does not match its template's labels
    When I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: mismatch
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: one
        template:
          metadata:
            labels:
              app: other
          spec:
            containers:
            - name: web
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      ReplicaSet.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`
      """
    And the cluster is unchanged

  Scenario: A ReplicaSet's selector cannot change
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I patch replicaset "sample-rs" with a JSON merge patch:
      """
      spec:
        selector:
          matchLabels:
            app: other
        template:
          metadata:
            labels:
              app: other
      """
    Then the request is rejected with:
      """
      ReplicaSet.apps "sample-rs" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
      """
    And the cluster is unchanged

  Scenario: A pod's spec cannot change beyond its mutable fields, but its image can
    Given I apply "fixtures/pods/sample-pod.yaml"
    And the cluster settles
    When I patch pod "sample-pod" with a strategic merge patch:
      """
      spec:
        restartPolicy: Never
      """
    Then the request is rejected with a message starting:
      """
      Pod "sample-pod" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`
      """
    And the cluster is unchanged
    When I patch pod "sample-pod" with a strategic merge patch:
      """
      spec:
        containers:
        - name: nginx-container
          image: nginx:1.17
      """
    Then the request is accepted
    When the cluster settles
    Then container "nginx-container" of pod "sample-pod" has restarted 1 time
    And the events of pod "sample-pod" include:
      | TYPE   | REASON  | MESSAGE                                                          |
      | Normal | Killing | Container nginx-container definition changed, will be restarted |
      | Normal | Pulling | Pulling image "nginx:1.17"                                       |

  Scenario: Creating what already exists, deleting what does not
    Given I apply "fixtures/pods/sample-pod.yaml"
    When I create "fixtures/pods/sample-pod.yaml"
    Then the request is rejected with:
      """
      pods "sample-pod" already exists
      """
    And the cluster is unchanged
    When I delete replicaset "no-such-rs"
    Then the request is rejected with:
      """
      replicasets.apps "no-such-rs" not found
      """
    And the cluster is unchanged

  Scenario: An update from a stale copy conflicts
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I update replicaset "sample-rs" from a stale copy
    Then the request is rejected with:
      """
      Operation cannot be fulfilled on replicasets.apps "sample-rs": the object has been modified; please apply your changes to the latest version and try again
      """
    And the cluster is unchanged

  Scenario: Scaling to a negative number of replicas
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    When I scale ReplicaSet "sample-rs" to -1 replicas
    Then the request is rejected with:
      """
      Scale.autoscaling "sample-rs" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
      """
    And the cluster is unchanged

  Scenario: A ReplicaSet with an empty selector
    When I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: everything
      spec:
        replicas: 1
        selector: {}
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      ReplicaSet.apps "everything" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment
      """
    And the cluster is unchanged

  Scenario: A Deployment's selector cannot change either (note 000's sample-deployment)
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    When I patch deployment "sample-deployment" with a JSON merge patch:
      """
      spec:
        selector:
          matchLabels:
            app: other
        template:
          metadata:
            labels:
              app: other
      """
    Then the request is rejected with:
      """
      Deployment.apps "sample-deployment" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
      """
    And the cluster is unchanged

  Scenario: An object without a name
    When I create:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: web
          image: nginx:1.16
      """
    Then the request is rejected with:
      """
      Pod "" is invalid: metadata.name: Required value: name or generateName is required
      """
    And the cluster is unchanged

  Scenario: An environment variable's value written as a number (the classic NGINX_PORT: 81)
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: sample-named-port-pod-81
      spec:
        containers:
        - name: nginx-container
          image: amsy810/echo-nginx:v2.0
          env:
          - name: NGINX_PORT
            value: 81
      """
    Then the request is rejected with:
      """
      Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string
      """
    And the cluster is unchanged

  Scenario: Replicas written as a string
    When I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: quoted
      spec:
        replicas: "3"
        selector:
          matchLabels:
            app: quoted
        template:
          metadata:
            labels:
              app: quoted
          spec:
            containers:
            - name: web
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal string into Go struct field ReplicaSetSpec.spec.replicas of type int32
      """
    And the cluster is unchanged
