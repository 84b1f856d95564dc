@note-000 @note-003
Feature: ReplicaSets keep a number of pods running
  A ReplicaSet counts the pods its selector matches and creates or deletes the difference
  (note 000, "레플리카셋/레플리케이션 컨트롤러"; note 003, "3. Replica set").

  Background:
    Given a cluster with 3 worker nodes

  Scenario: The ReplicaSet of the notes starts three pods named after it (note 000, 레플리카셋 생성)
    When I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    Then the pods are:
      | NAME        | READY | STATUS  | CONTROLLER           | LABELS         |
      | sample-rs-* | 1/1   | Running | ReplicaSet/sample-rs | app=sample-app |
      | sample-rs-* | 1/1   | Running | ReplicaSet/sample-rs | app=sample-app |
      | sample-rs-* | 1/1   | Running | ReplicaSet/sample-rs | app=sample-app |
    And the replicasets are:
      | NAME      | DESIRED | CURRENT | READY |
      | sample-rs | 3       | 3       | 3     |
    And the events of replicaset "sample-rs" include:
      | TYPE   | REASON           | MESSAGE                  |
      | Normal | SuccessfulCreate | Created pod: sample-rs-* |

  Scenario: A deleted pod is replaced by a new one with a new name (note 000, 파드 정지와 자동화된 복구)
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I delete one pod of ReplicaSet "sample-rs"
    Then pod "<deleted>" is "Terminating"
    And ReplicaSet "sample-rs" controls 2 live pods
    When the cluster settles
    Then pod "<deleted>" does not exist
    And there are 3 running pods labelled "app=sample-app"
    And ReplicaSet "sample-rs" controls 3 live pods
    And the events of replicaset "sample-rs" include:
      | TYPE   | REASON           | MESSAGE                  |
      | Normal | SuccessfulCreate | Created pod: sample-rs-* |
    And every invariant holds

  Scenario: Scaling by re-applying the edited manifest (note 003, replicas 3 -> 4)
    Given I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    When I apply "fixtures/replicasets/replicaset-nginx-4-replicas.yaml"
    And the cluster settles
    Then there are 4 running pods labelled "app=my-nginx-pods-label"
    And the replicasets are:
      | NAME             | DESIRED | CURRENT | READY |
      | replicaset-nginx | 4       | 4       | 4     |

  Scenario: Scaling down through the scale subresource deletes pods and says so
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I scale ReplicaSet "sample-rs" to 1 replicas
    And the cluster settles
    Then there is 1 running pod labelled "app=sample-app"
    And the events of replicaset "sample-rs" include:
      | TYPE   | REASON           | MESSAGE                  |
      | Normal | SuccessfulDelete | Deleted pod: sample-rs-* |

  Scenario: A pre-existing pod with matching labels is adopted, so only two are created (note 003)
    Given I apply "fixtures/pods/nginx-label-pod.yaml"
    And the cluster settles
    When I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    Then pod "my-nginx-pod" is controlled by ReplicaSet "replicaset-nginx"
    And the pods are:
      | NAME               | STATUS  | CONTROLLER                  |
      | my-nginx-pod       | Running | ReplicaSet/replicaset-nginx |
      | replicaset-nginx-* | Running | ReplicaSet/replicaset-nginx |
      | replicaset-nginx-* | Running | ReplicaSet/replicaset-nginx |

  Scenario: Deleting the adopted pod makes the ReplicaSet create a new one (note 003)
    Given I apply "fixtures/pods/nginx-label-pod.yaml"
    And I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    When I delete pod "my-nginx-pod"
    And the cluster settles
    Then pod "my-nginx-pod" does not exist
    And there are 3 running pods labelled "app=my-nginx-pods-label"

  Scenario: Removing a pod's label orphans it and a replacement is created (note 003, kubectl edit)
    Given I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    When I remove the label "app" from one pod of ReplicaSet "replicaset-nginx"
    And the cluster settles
    Then pod "<relabelled>" has no controller
    And pod "<relabelled>" is "Running"
    And there are 3 running pods labelled "app=my-nginx-pods-label"
    And the pods are:
      | NAME               | STATUS  | CONTROLLER                  | LABELS                  |
      | replicaset-nginx-* | Running | <none>                      |                         |
      | replicaset-nginx-* | Running | ReplicaSet/replicaset-nginx | app=my-nginx-pods-label |
      | replicaset-nginx-* | Running | ReplicaSet/replicaset-nginx | app=my-nginx-pods-label |
      | replicaset-nginx-* | Running | ReplicaSet/replicaset-nginx | app=my-nginx-pods-label |

  Scenario: `kubectl delete rs` removes the ReplicaSet's pods but leaves the orphan (note 003)
    Given I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    And I remove the label "app" from one pod of ReplicaSet "replicaset-nginx"
    And the cluster settles
    When I delete replicaset "replicaset-nginx"
    And the cluster settles
    Then replicaset "replicaset-nginx" does not exist
    And the pods are:
      | NAME               | STATUS  | CONTROLLER |
      | replicaset-nginx-* | Running | <none>     |
    And pod "<relabelled>" exists

  Scenario: Giving the orphan its label back lets the ReplicaSet adopt it and drop one pod
    Given I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    And I remove the label "app" from one pod of ReplicaSet "replicaset-nginx"
    And the cluster settles
    When I label pod "<relabelled>" with "app=my-nginx-pods-label"
    And the cluster settles
    Then pod "<relabelled>" is controlled by ReplicaSet "replicaset-nginx"
    And ReplicaSet "replicaset-nginx" controls 3 live pods
    And every invariant holds

  Scenario: On scale-down a pod that is not yet scheduled goes first (controller_utils.go ranking)
    Given a cluster with these nodes:
      | name   | role   | pods |
      | small  | worker | 2    |
    And I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    And the pods are:
      | NAME        | STATUS  | NODE   |
      | sample-rs-* | Running | small  |
      | sample-rs-* | Running | small  |
      | sample-rs-* | Pending | <none> |
    When I scale ReplicaSet "sample-rs" to 2 replicas
    And 1 second passes
    Then the pods are:
      | NAME        | STATUS  | NODE   |
      | sample-rs-* | Running | small  |
      | sample-rs-* | Running | small  |

  Scenario: A ReplicationController, the older form, heals the same way (note 000)
    When I apply:
      """
      apiVersion: v1
      kind: ReplicationController
      metadata:
        name: sample-rc
      spec:
        replicas: 2
        selector:
          app: sample-rc
        template:
          metadata:
            labels:
              app: sample-rc
          spec:
            containers:
            - name: nginx-container
              image: nginx:1.16
      """
    And the cluster settles
    And I delete one pod of ReplicationController "sample-rc"
    And the cluster settles
    Then there are 2 running pods labelled "app=sample-rc"
    And pod "<deleted>" does not exist
    And the invariant "replica counts" holds

  Scenario: With minReadySeconds a ready pod counts as available only after that long
    When I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: patient
      spec:
        replicas: 2
        minReadySeconds: 30
        selector:
          matchLabels:
            app: patient
        template:
          metadata:
            labels:
              app: patient
          spec:
            containers:
            - name: web
              image: nginx:1.16
      """
    And 10 seconds pass
    Then ReplicaSet "patient" reports 2 ready replicas
    And ReplicaSet "patient" reports 0 available replicas
    When 30 seconds pass
    Then ReplicaSet "patient" reports 2 available replicas
    And ReplicaSet "patient" reports 2 fullyLabeled replicas
