@note-000
Feature: Rollout history and rollback
  A Deployment keeps its old ReplicaSets at 0 replicas, so rolling back is switching back to one of
  them (note 000, "변경 롤백"). `kubectl rollout history` lists the revisions with the change cause
  `--record` wrote; `kubectl rollout undo` copies an old revision's template back, and that
  ReplicaSet takes the next revision number.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/deployments/sample-deployment.yaml" with --record
    And the cluster settles
    And I remember the ReplicaSet of revision 1 of deployment "sample-deployment" as "<nginx-1.16>"
    And I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.17" with --record
    And the cluster settles
    And I remember the ReplicaSet of revision 2 of deployment "sample-deployment" as "<nginx-1.17>"

  Scenario: The history lists each revision with the command that made it (note 000, rollout history)
    When I view the rollout history of deployment "sample-deployment"
    Then kubectl prints:
      """
      deployment.apps/sample-deployment
      REVISION  CHANGE-CAUSE
      1         kubectl apply --filename=fixtures/deployments/sample-deployment.yaml --record=true
      2         kubectl set image deployment sample-deployment nginx-container=nginx:1.17 --record=true
      """

  Scenario: Undo to revision 1 restores the nginx:1.16 template and its ReplicaSet, as revision 3 (note 000, rollout undo --to-revision 1)
    When I watch the rollout of deployment "sample-deployment"
    And I roll back deployment "sample-deployment" to revision 1
    Then kubectl prints "deployment.apps/sample-deployment rolled back"
    When the cluster settles
    Then deployment "sample-deployment" has "spec.template.spec.containers[0].image" set to "nginx:1.16"
    And deployment "sample-deployment" is at revision 3
    And the replicasets of deployment "sample-deployment" are:
      | NAME         | REVISION | DESIRED | CURRENT | READY | IMAGES     |
      | <nginx-1.16> | 3        | 3       | 3       | 3     | nginx:1.16 |
      | <nginx-1.17> | 2        | 0       | 0       | 0     | nginx:1.17 |
    And the ReplicaSet sizes during the rollout were:
      | revision 3 | revision 2 |
      | 0          | 3          |
      | 1          | 3          |
      | 1          | 2          |
      | 2          | 2          |
      | 2          | 1          |
      | 3          | 1          |
      | 3          | 0          |
    And the rollout history of deployment "sample-deployment" is:
      | REVISION | CHANGE-CAUSE                                                                     |
      | 2        | kubectl set image deployment sample-deployment nginx-container=nginx:1.17 --record=true |
      | 3        | kubectl apply --filename=fixtures/deployments/sample-deployment.yaml --record=true |
    And ReplicaSet "<nginx-1.16>" has "metadata.annotations.deployment\.kubernetes\.io/revision-history" set to "1"
    And deployment "sample-deployment" has "metadata.annotations.kubernetes\.io/change-cause" set to "kubectl apply --filename=fixtures/deployments/sample-deployment.yaml --record=true"
    And there are 3 running pods labelled "app=sample-app"
    And every invariant holds

  Scenario: Undo without a revision goes back to the previous one (note 000, rollout undo)
    When I roll back deployment "sample-deployment"
    And the cluster settles
    Then deployment "sample-deployment" has "spec.template.spec.containers[0].image" set to "nginx:1.16"
    And deployment "sample-deployment" is at revision 3
    When I roll back deployment "sample-deployment"
    And the cluster settles
    Then deployment "sample-deployment" has "spec.template.spec.containers[0].image" set to "nginx:1.17"
    And deployment "sample-deployment" is at revision 4
    And the replicasets of deployment "sample-deployment" are:
      | NAME         | REVISION | DESIRED | IMAGES     |
      | <nginx-1.16> | 3        | 0       | nginx:1.16 |
      | <nginx-1.17> | 4        | 3       | nginx:1.17 |

  Scenario: Undo to a revision that does not exist fails and changes nothing
    When I roll back deployment "sample-deployment" to revision 5
    Then the request is rejected with "unable to find specified revision 5 in history"
    And the cluster is unchanged
    And deployment "sample-deployment" is at revision 2

  Scenario: Undo to the revision already running is skipped
    When I roll back deployment "sample-deployment" to revision 2
    Then kubectl prints "deployment.apps/sample-deployment skipped rollback (current template already matches revision 2)"
    And the cluster is unchanged

  Scenario: A paused Deployment cannot be rolled back
    Given I pause deployment "sample-deployment"
    When I roll back deployment "sample-deployment" to revision 1
    Then the request is rejected with "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
    And the cluster is unchanged

  Scenario: revisionHistoryLimit keeps only that many old ReplicaSets
    When I patch deployment "sample-deployment" with a strategic merge patch:
      """
      spec:
        revisionHistoryLimit: 2
      """
    And I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.18"
    And the cluster settles
    And I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.19"
    And the cluster settles
    And I set the image of container "nginx-container" in deployment "sample-deployment" to "nginx:1.20"
    And the cluster settles
    Then the replicasets of deployment "sample-deployment" are:
      | REVISION | DESIRED | IMAGES     |
      | 3        | 0       | nginx:1.18 |
      | 4        | 0       | nginx:1.19 |
      | 5        | 3       | nginx:1.20 |
    And ReplicaSet "<nginx-1.16>" does not exist
    And ReplicaSet "<nginx-1.17>" does not exist
    When I roll back deployment "sample-deployment" to revision 1
    Then the request is rejected with "unable to find specified revision 1 in history"

  Scenario: A Deployment with one revision has no previous one to go back to
    Given I apply:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: single
      spec:
        replicas: 1
        selector:
          matchLabels: {app: single}
        template:
          metadata:
            labels: {app: single}
          spec:
            containers:
            - name: web
              image: nginx:1.16
      """
    And the cluster settles
    When I roll back deployment "single"
    Then the request is rejected with "no rollout history found for deployment \"single\""
