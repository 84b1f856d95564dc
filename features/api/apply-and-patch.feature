@note-003
Feature: kubectl apply merges three ways; patches merge as their type says
  `kubectl apply` keeps the manifest it applied in the last-applied-configuration annotation
  and computes a three-way strategic merge patch: what the manifest dropped is removed, what
  others set is kept (note 003 re-applies an edited manifest to scale).

  Background:
    Given a cluster with 3 worker nodes

  Scenario: Removing a field from the manifest removes it from the object
    Given I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: web
        labels:
          app: web
          tier: frontend
      spec:
        replicas: 2
        minReadySeconds: 5
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
            - name: sidecar
              image: redis:3.2
      """
    When I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: web
        labels:
          app: web
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    Then the request is accepted
    And replicaset "web" has no label "tier"
    And replicaset "web" has no "spec.minReadySeconds"
    And replicaset "web" has no "spec.template.spec.containers[1]"
    And replicaset "web" has "metadata.generation" set to "2"

  Scenario: What someone else set survives a re-apply; defaulted fields stay
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And I label replicaset "sample-rs" with "team=blue"
    When I apply "fixtures/replicasets/sample-rs.yaml"
    Then replicaset "sample-rs" has the label "team=blue"
    And replicaset "sample-rs" has "spec.template.spec.restartPolicy" set to "Always"

  Scenario: Re-applying the same manifest changes nothing, not even the resourceVersion
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I apply "fixtures/replicasets/sample-rs.yaml"
    Then the request is accepted
    And the cluster is unchanged

  Scenario: A strategic merge patch merges containers by name; a JSON merge patch replaces the list
    Given I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
            - name: sidecar
              image: redis:3.2
      """
    When I patch replicaset "web" with a strategic merge patch:
      """
      spec:
        template:
          spec:
            containers:
            - name: nginx
              image: nginx:1.17
      """
    Then replicaset "web" has "spec.template.spec.containers[0].image" set to "nginx:1.17"
    And replicaset "web" has "spec.template.spec.containers[1].name" set to "sidecar"
    When I patch replicaset "web" with a JSON merge patch:
      """
      spec:
        template:
          spec:
            containers:
            - name: nginx
              image: nginx:1.18
      """
    Then replicaset "web" has "spec.template.spec.containers[0].image" set to "nginx:1.18"
    And replicaset "web" has no "spec.template.spec.containers[1]"

  Scenario: A JSON patch whose test fails is refused and changes nothing
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    When I patch replicaset "sample-rs" with a JSON patch:
      """
      - op: test
        path: /spec/replicas
        value: 5
      - op: replace
        path: /spec/replicas
        value: 1
      """
    Then the request is rejected with "the server rejected our request due to an error in our request"
    And the cluster is unchanged
    When I patch replicaset "sample-rs" with a JSON patch:
      """
      - op: replace
        path: /spec/replicas
        value: 1
      """
    Then replicaset "sample-rs" has "spec.replicas" set to "1"

  Scenario: Selecting pods with set-based selectors
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And I apply "fixtures/pods/nginx-label-pod.yaml"
    And the cluster settles
    Then there are 4 pods labelled "app in (sample-app, my-nginx-pods-label)"
    And there is 1 pod labelled "app notin (sample-app)"
    And there are 4 pods labelled "tier notin (db)"
    And there are 4 pods labelled "app"
    And there are 0 pods labelled "!app"
    And there are 3 pods labelled "app=sample-app,app!=other"
