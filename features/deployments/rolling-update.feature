@note-000
Feature: A Deployment rolls a template change out through a new ReplicaSet
  A Deployment manages ReplicaSets: a change to its pod template creates a new ReplicaSet named
  after the template's hash, which is scaled up step by step while the old one is scaled down
  (note 000, "디플로이먼트"). Only a template change makes a new ReplicaSet: replicas do not
  (note 000, "디플로이먼트 업데이트(레플리카셋 생성되는) 조건").

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles

  Scenario: The Deployment of the notes creates a ReplicaSet, which creates three pods (note 000, 디플로이먼트 생성)
    Then the deployments are:
      | NAME              | READY | UP-TO-DATE | AVAILABLE |
      | sample-deployment | 3/3   | 3          | 3         |
    And the replicasets of deployment "sample-deployment" are:
      | NAME                | REVISION | DESIRED | CURRENT | READY | IMAGES     |
      | sample-deployment-* | 1        | 3       | 3       | 3     | nginx:1.16 |
    And the pods are:
      | NAME                      | READY | STATUS  | CONTROLLER                      |
      | sample-deployment-*-*     | 1/1   | Running | ReplicaSet/sample-deployment-*  |
      | sample-deployment-*-*     | 1/1   | Running | ReplicaSet/sample-deployment-*  |
      | sample-deployment-*-*     | 1/1   | Running | ReplicaSet/sample-deployment-*  |
    And every pod of deployment "sample-deployment" carries its ReplicaSet's pod-template-hash
    And deployment "sample-deployment" is at revision 1
    And the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   | MESSAGE                                                  |
      | Available   | True   | MinimumReplicasAvailable | Deployment has minimum availability.                     |
      | Progressing | True   | NewReplicaSetAvailable   | ReplicaSet "sample-deployment-*" has successfully progressed. |
    And the events of deployment "sample-deployment" include:
      | TYPE   | REASON            | MESSAGE                                         |
      | Normal | ScalingReplicaSet | Scaled up replica set sample-deployment-* to 3 |
    And every invariant holds

  Scenario: Changing the image rolls the pods over one at a time (note 000, 컨테이너 이미지 업데이트)
    When I watch the rollout of deployment "sample-deployment"
    And I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.17"
    Then kubectl prints "deployment.apps/sample-deployment image updated"
    When the cluster settles
    Then the ReplicaSet sizes during the rollout were:
      | revision 1 | revision 2 |
      | 3          | -          |
      | 3          | 1          |
      | 2          | 1          |
      | 2          | 2          |
      | 1          | 2          |
      | 1          | 3          |
      | 0          | 3          |
    # 25% of 3: maxSurge rounds up to 1, maxUnavailable rounds down to 0
    And during the rollout at least 3 pods were available at every moment
    And during the rollout at most 4 pods existed at every moment
    And the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | CURRENT | READY | IMAGES     |
      | 1        | 0       | 0       | 0     | nginx:1.16 |
      | 2        | 3       | 3       | 3     | nginx:1.17 |
    And there are 3 running pods labelled "app=sample-app"
    And every pod of deployment "sample-deployment" carries its ReplicaSet's pod-template-hash
    And deployment "sample-deployment" has no "status.collisionCount"
    And deployment "sample-deployment" is at revision 2
    And the events of deployment "sample-deployment" include:
      | REASON            | MESSAGE                                                 |
      | ScalingReplicaSet | Scaled up replica set sample-deployment-* to 1          |
      | ScalingReplicaSet | Scaled down replica set sample-deployment-* to 2 from 3 |
      | ScalingReplicaSet | Scaled up replica set sample-deployment-* to 3 from 2   |
      | ScalingReplicaSet | Scaled down replica set sample-deployment-* to 0 from 1 |
    And every invariant holds

  Scenario: While the new pods start, the Deployment reports the rollout in progress (note 000, rollout status)
    When I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.17"
    And 1 second passes
    Then the deployments are:
      | NAME              | READY | UP-TO-DATE | AVAILABLE |
      | sample-deployment | 3/3   | 1          | 3         |
    And the rollout status of deployment "sample-deployment" is "Waiting for deployment \"sample-deployment\" rollout to finish: 1 out of 3 new replicas have been updated..."
    And the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   |
      | Available   | True   | MinimumReplicasAvailable |
      | Progressing | True   | ReplicaSetUpdated        |
    When the cluster settles
    Then the rollout status of deployment "sample-deployment" is "deployment \"sample-deployment\" successfully rolled out"

  Scenario: Scaling a Deployment changes its ReplicaSet's size and creates no new one (note 000, 업데이트 조건)
    When I scale deployment "sample-deployment" to 5 replicas
    And the cluster settles
    Then deployment "sample-deployment" has 1 ReplicaSet
    And there are 5 running pods labelled "app=sample-app"
    And deployment "sample-deployment" is at revision 1
    And the events of deployment "sample-deployment" include:
      | REASON            | MESSAGE                                                |
      | ScalingReplicaSet | Scaled up replica set sample-deployment-* to 5 from 3 |

  Scenario: Any change to the pod template, not only the image, makes a new ReplicaSet (note 000, 업데이트 조건)
    When I patch deployment "sample-deployment" with a strategic merge patch:
      """
      spec:
        template:
          metadata:
            labels:
              tier: web
      """
    And the cluster settles
    Then deployment "sample-deployment" has 2 ReplicaSets
    And deployment "sample-deployment" is at revision 2
    And there are 3 running pods labelled "app=sample-app,tier=web"
