@note-000
Feature: Pausing a rollout, and scaling in the middle of one
  A paused Deployment is only scaled: template changes pile up and roll out as one revision on
  resume. Scaling a Deployment while two ReplicaSets are active shares the new replicas out in
  proportion to their sizes, so a bad rollout does not gain ground by being scaled.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: Changes made while paused roll out as one revision on resume
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles
    When I pause deployment "sample-deployment"
    Then kubectl prints "deployment.apps/sample-deployment paused"
    When I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.17"
    And I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.18"
    And the cluster settles
    Then deployment "sample-deployment" has 1 ReplicaSet
    And there are 3 running pods labelled "app=sample-app"
    And the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS  | REASON                   | MESSAGE                              |
      | Available   | True    | MinimumReplicasAvailable | Deployment has minimum availability. |
      | Progressing | Unknown | DeploymentPaused         | Deployment is paused                 |
    When I resume deployment "sample-deployment"
    Then kubectl prints "deployment.apps/sample-deployment resumed"
    When the cluster settles
    Then the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 1        | 0       | 0     | nginx:1.16 |
      | 2        | 3       | 3     | nginx:1.18 |
    And the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   |
      | Available   | True   | MinimumReplicasAvailable |
      | Progressing | True   | NewReplicaSetAvailable   |

  Scenario: Pausing in the middle of a rollout freezes both ReplicaSets where they are
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles
    When I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.17"
    And 1 second passes
    And I pause deployment "sample-deployment"
    And 5 minutes pass
    Then the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 1        | 3       | 3     | nginx:1.16 |
      | 2        | 1       | 1     | nginx:1.17 |
    When I resume deployment "sample-deployment"
    And the cluster settles
    Then the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 1        | 0       | 0     | nginx:1.16 |
      | 2        | 3       | 3     | nginx:1.17 |

  Scenario: Pausing twice is refused by kubectl
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    And I pause deployment "sample-deployment"
    When I pause deployment "sample-deployment"
    Then the request is rejected with "deployments.apps \"sample-deployment\" is already paused"
    And the cluster is unchanged

  Scenario: Scaling during a stuck rollout adds replicas to both ReplicaSets in proportion (the upstream documentation's example)
    Given the image "nginx:sometag" cannot be pulled
    And I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: nginx-deployment
      spec:
        replicas: 10
        strategy:
          rollingUpdate: {maxSurge: 3, maxUnavailable: 2}
        selector:
          matchLabels: {app: nginx}
        template:
          metadata:
            labels: {app: nginx}
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    And the cluster settles
    When I set the image of container "nginx" in deployment "nginx-deployment" to "nginx:sometag"
    And 1 minute passes
    Then the replicasets of deployment "nginx-deployment" are:
      | REVISION | DESIRED | READY | IMAGES        |
      | 1        | 8       | 8     | nginx:1.16    |
      | 2        | 5       | 0     | nginx:sometag |
    When I scale deployment "nginx-deployment" to 15 replicas
    And 1 minute passes
    Then the replicasets of deployment "nginx-deployment" are:
      | REVISION | DESIRED | READY | IMAGES        |
      | 1        | 11      | 11    | nginx:1.16    |
      | 2        | 7       | 0     | nginx:sometag |
    And the events of deployment "nginx-deployment" include:
      | REASON            | MESSAGE                                                   |
      | ScalingReplicaSet | Scaled up replica set nginx-deployment-* to 11 from 8 |
      | ScalingReplicaSet | Scaled up replica set nginx-deployment-* to 7 from 5  |
