Feature: A ResourceQuota caps what a namespace may use
  Note 004: a big cluster is split into namespaces, and each gets a quota of CPU, memory and
  objects. The API server refuses a create that would go past the quota, in its own words; a
  ReplicaSet whose next pod does not fit stays short of its replicas with FailedCreate events;
  a pod that does not state a request or limit the quota constrains is refused outright.

  Background:
    Given a cluster with 3 worker nodes
    When I run "kubectl create namespace dev"
    And I run "kubectl create quota compute-quota --hard=pods=2,requests.cpu=1,limits.memory=1Gi -n dev"
    And the cluster settles

  Scenario: a Deployment gets the pods that fit; the next one is refused with the quota's numbers
    When I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
        namespace: dev
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: app
        template:
          metadata:
            labels:
              app: app
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
              resources:
                requests:
                  cpu: 400m
                limits:
                  memory: 256Mi
      """
    And 10 seconds pass
    And I run "kubectl get quota -n dev"
    Then the output is:
      """
      NAME            AGE   REQUEST                           LIMIT
      compute-quota   10s   pods: 2/2, requests.cpu: 800m/1   limits.memory: 512Mi/1Gi
      """
    When I run "kubectl get rs -n dev"
    Then the output is:
      """
      NAME               DESIRED   CURRENT   READY   AGE
      app-6c9d8b7f5d     3         2         2       10s
      """
    When I run "kubectl get events -n dev --field-selector reason=FailedCreate -o custom-columns=MESSAGE:.message"
    Then the output is:
      """
      MESSAGE
      Error creating: pods "app-*" is forbidden: exceeded quota: compute-quota, requested: pods=1,requests.cpu=400m, used: pods=2,requests.cpu=800m, limited: pods=2,requests.cpu=1
      """
    When I run "kubectl describe namespace dev"
    Then the output is:
      """
      Name:         dev
      Labels:       kubernetes.io/metadata.name=dev
      Annotations:  <none>
      Status:       Active

      Resource Quotas
        Name:          compute-quota
        Resource       Used   Hard
        --------       ---    ---
        limits.memory  512Mi  1Gi
        pods           2      2
        requests.cpu   800m   1

      No LimitRange resource.
      """
    When I run "kubectl scale deployment app -n dev --replicas=1"
    And the cluster settles
    And I run "kubectl describe quota compute-quota -n dev"
    Then the output is:
      """
      Name:          compute-quota
      Namespace:     dev
      Resource       Used   Hard
      --------       ----   ----
      limits.memory  256Mi  1Gi
      pods           1      2
      requests.cpu   400m   1
      """

  Scenario: a pod must state what the quota constrains, and a create past the quota changes nothing
    When I run "kubectl run bare --image=nginx -n dev"
    Then the command fails with:
      """
      Error from server (Forbidden): pods "bare" is forbidden: failed quota: compute-quota: must specify limits.memory for: bare; requests.cpu for: bare
      """
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: big
        namespace: dev
      spec:
        containers:
        - name: app
          image: nginx:1.16
          resources:
            requests:
              cpu: "2"
            limits:
              memory: 128Mi
      """
    Then the request is rejected with:
      """
      pods "big" is forbidden: exceeded quota: compute-quota, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1
      """
    When I run "kubectl get pods -n dev"
    Then the output is:
      """
      No resources found in dev namespace.
      """
    When I run "kubectl create quota broken --hard=pods -n dev"
    Then the command fails with:
      """
      error: Invalid argument syntax pods, expected <resource>=<value>
      """

  Scenario: a LimitRange gives containers the requests and limits they leave out, and holds them to its maximum
    When I apply:
      """
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: container-limits
        namespace: dev
      spec:
        limits:
        - type: Container
          default:
            memory: 256Mi
          defaultRequest:
            cpu: 250m
          max:
            cpu: 500m
      """
    And I run "kubectl describe limitrange container-limits -n dev"
    Then the output is:
      """
      Name:       container-limits
      Namespace:  dev
      Type        Resource  Min  Max   Default Request  Default Limit  Max Limit/Request Ratio
      ----        --------  ---  ---   ---------------  -------------  -----------------------
      Container   cpu       -    500m  250m             500m           -
      Container   memory    -    -     256Mi            256Mi          -
      """
    When I run "kubectl run bare --image=nginx -n dev"
    Then the output is:
      """
      pod/bare created
      """
    When I run "kubectl get pod bare -n dev -o jsonpath={.spec.containers[0].resources}"
    Then the output is:
      """
      {"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"250m","memory":"256Mi"}}
      """
    When I run "kubectl get pod bare -n dev -o jsonpath={.metadata.annotations}"
    Then the output is:
      """
      {"kubernetes.io/limit-ranger":"LimitRanger plugin set: cpu, memory request for container bare; cpu, memory limit for container bare"}
      """
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: greedy
        namespace: dev
      spec:
        containers:
        - name: app
          image: nginx:1.16
          resources:
            limits:
              cpu: "2"
      """
    Then the request is rejected with:
      """
      pods "greedy" is forbidden: maximum cpu usage per Container is 500m, but limit is 2
      """

  Scenario: a scoped quota counts only the pods in its scope
    When I run "kubectl create namespace sandbox"
    And I run "kubectl create quota best-effort --hard=pods=1 --scopes=BestEffort -n sandbox"
    And I run "kubectl run first --image=nginx -n sandbox"
    And I run "kubectl run second --image=nginx -n sandbox"
    Then the command fails with:
      """
      Error from server (Forbidden): pods "second" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1
      """
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: burstable
        namespace: sandbox
      spec:
        containers:
        - name: app
          image: nginx:1.16
          resources:
            requests:
              cpu: 100m
      """
    Then the request is accepted
    When the cluster settles
    And I run "kubectl describe quota best-effort -n sandbox"
    Then the output is:
      """
      Name:       best-effort
      Namespace:  sandbox
      Scopes:     BestEffort
       * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.
      Resource    Used  Hard
      --------    ----  ----
      pods        1     1
      """
