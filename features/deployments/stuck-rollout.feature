@note-000
Feature: A rollout stuck on an image that cannot be pulled
  A typo in the image leaves the new pods in ErrImagePull / ImagePullBackOff while the old pods
  keep serving; after progressDeadlineSeconds the Deployment reports ProgressDeadlineExceeded,
  and rolling back restores the previous revision.

  Background:
    Given a cluster with 3 worker nodes
    And the image "nginx:1.71" cannot be pulled
    And I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles
    When I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.71"

  Scenario: The new pod cannot pull its image while the three old pods keep running
    When 1 minute passes
    Then the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 1        | 3       | 3     | nginx:1.16 |
      | 2        | 1       | 0     | nginx:1.71 |
    And the pods are:
      | NAME                  | READY | STATUS           | IMAGES     |
      | sample-deployment-*-* | 1/1   | Running          | nginx:1.16 |
      | sample-deployment-*-* | 1/1   | Running          | nginx:1.16 |
      | sample-deployment-*-* | 1/1   | Running          | nginx:1.16 |
      | sample-deployment-*-* | 0/1   | ImagePullBackOff | nginx:1.71 |
    And the deployments are:
      | NAME              | READY | UP-TO-DATE | AVAILABLE |
      | sample-deployment | 3/3   | 1          | 3         |
    And the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   |
      | Available   | True   | MinimumReplicasAvailable |
      | Progressing | True   | ReplicaSetUpdated        |

  Scenario: After progressDeadlineSeconds (600) the rollout is reported as timed out
    When 9 minutes pass
    Then the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   |
      | Available   | True   | MinimumReplicasAvailable |
      | Progressing | True   | ReplicaSetUpdated        |
    When 2 minutes pass
    Then the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   | MESSAGE                                                  |
      | Available   | True   | MinimumReplicasAvailable | Deployment has minimum availability.                     |
      | Progressing | False  | ProgressDeadlineExceeded | ReplicaSet "sample-deployment-*" has timed out progressing. |
    And there are 3 running pods labelled "app=sample-app"
    And the rollout status of deployment "sample-deployment" is "error: deployment \"sample-deployment\" exceeded its progress deadline"

  Scenario: Rolling back the stuck rollout restores nginx:1.16 and removes the broken pod
    Given the cluster settles
    When I roll back deployment "sample-deployment"
    And the cluster settles
    Then the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 3        | 3       | 3     | nginx:1.16 |
      | 2        | 0       | 0     | nginx:1.71 |
    And the pods are:
      | NAME                  | READY | STATUS  | IMAGES     |
      | sample-deployment-*-* | 1/1   | Running | nginx:1.16 |
      | sample-deployment-*-* | 1/1   | Running | nginx:1.16 |
      | sample-deployment-*-* | 1/1   | Running | nginx:1.16 |
    And the conditions of deployment "sample-deployment" are:
      | TYPE        | STATUS | REASON                   |
      | Available   | True   | MinimumReplicasAvailable |
      | Progressing | True   | NewReplicaSetAvailable   |
    And every invariant holds
