@note-004
Feature: Deployment strategies: Recreate and RollingUpdate with its bounds
  Recreate takes every old pod down before starting new ones, so the service stops for a moment;
  RollingUpdate replaces pods a few at a time, never going below replicas - maxUnavailable
  available pods nor above replicas + maxSurge pods (note 004, "Deployment strategy").
  maxSurge rounds up and maxUnavailable rounds down; both may not be 0.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: Recreate scales the old ReplicaSet to 0 and starts the new one once every old pod is gone (note 004)
    Given I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 3
        strategy:
          type: Recreate
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    And the cluster settles
    When I watch the rollout of deployment "web"
    And I set the image of container "nginx" in deployment "web" to "nginx:1.17"
    And the cluster settles
    Then the ReplicaSet sizes during the rollout were:
      | revision 1 | revision 2 |
      | 3          | -          |
      | 0          | -          |
      | 0          | 3          |
    And during the rollout pods of two revisions never existed at the same time
    And during the rollout at least 0 pods were available at every moment
    And the events of deployment "web" include:
      | REASON            | MESSAGE                                  |
      | ScalingReplicaSet | Scaled down replica set web-* to 0 from 3 |
      | ScalingReplicaSet | Scaled up replica set web-* to 3          |
    And there are 3 running pods labelled "app=web"
    And every invariant holds

  Scenario Outline: RollingUpdate stays within its bounds at every moment (<maxSurge> surge, <maxUnavailable> unavailable of 10)
    Given I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 10
        strategy:
          rollingUpdate:
            maxSurge: <maxSurge>
            maxUnavailable: <maxUnavailable>
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    And the cluster settles
    When I watch the rollout of deployment "web"
    And I set the image of container "nginx" in deployment "web" to "nginx:1.17"
    And the cluster settles
    Then during the rollout at least <minAvailable> pods were available at every moment
    And during the rollout at most <maxPods> pods existed at every moment
    And the replicasets of deployment "web" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 1        | 0       | 0     | nginx:1.16 |
      | 2        | 10      | 10    | nginx:1.17 |
    And every invariant holds

    Examples:
      | maxSurge | maxUnavailable | minAvailable | maxPods |
      | 25%      | 25%            | 8            | 13      |
      | 3        | 2              | 8            | 13      |
      | 0        | 1              | 9            | 10      |
      | 1        | 0              | 10           | 11      |
      | 100%     | 0              | 10           | 20      |
      | 0        | 100%           | 0            | 10      |

  Scenario: With maxSurge 1 and maxUnavailable 0, each new pod must be available before an old one goes
    Given I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        strategy:
          rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    And the cluster settles
    When I watch the rollout of deployment "web"
    And I set the image of container "nginx" in deployment "web" to "nginx:1.17"
    And the cluster settles
    Then the ReplicaSet sizes during the rollout were:
      | revision 1 | revision 2 |
      | 2          | -          |
      | 2          | 1          |
      | 1          | 1          |
      | 1          | 2          |
      | 0          | 2          |

  Scenario: maxSurge and maxUnavailable may not both be 0
    When I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        strategy:
          rollingUpdate: {maxSurge: 0, maxUnavailable: "0%"}
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0
      """
    And the cluster is unchanged

  Scenario: maxUnavailable over 100% and a percentage without its sign are rejected
    When I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        strategy:
          rollingUpdate: {maxSurge: "1", maxUnavailable: "110%"}
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      Deployment.apps "web" is invalid: [spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"1"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%]
      """
    And the cluster is unchanged

  Scenario: Recreate takes no rollingUpdate parameters
    When I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        strategy:
          type: Recreate
          rollingUpdate: {maxSurge: 1}
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      Deployment.apps "web" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'
      """
    And the cluster is unchanged

  Scenario: Switching an applied Deployment to Recreate drops its rollingUpdate (strategy is retainKeys)
    Given I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    When I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        strategy:
          type: Recreate
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    Then the request is accepted
    And deployment "web" has "spec.strategy.type" set to "Recreate"
    And deployment "web" has no "spec.strategy.rollingUpdate"
