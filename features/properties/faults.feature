Feature: Faults in the control loops and on nodes
  Controllers are level-triggered: they read the state again rather than remember events, so a
  lost, repeated or stale run costs time, not correctness. These scenarios put one fault at a
  time into the simulated control plane and show what real Kubernetes would show: the cluster
  short of its desired state until the informers resync, and then whole again.

  Background:
    Given a cluster with 3 worker nodes
    When I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles

  Scenario: a dropped run leaves the ReplicaSet one pod short until the loops resync
    When the "replicaset-controller" drops its next run
    And I scale ReplicaSet "replicaset-nginx" to 4 replicas
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    When the control loops resync
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 4 live pods
    And every invariant holds
    # run-level invariants replay the scenario's steps: with and without the fault, and again
    And the invariant "level triggering" holds
    And the invariant "determinism" holds
    And the invariant "idempotence" holds

  Scenario: a deleted pod is replaced even when the run its deletion started is dropped
    # the pod's removal, once the kubelet has stopped it, wakes the controller again
    When the "replicaset-controller" drops its next run
    And I delete one pod of ReplicaSet "replicaset-nginx"
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    And every invariant holds

  Scenario: a run repeated does nothing more than the run once
    When the "replicaset-controller" runs its next sync twice
    And I scale ReplicaSet "replicaset-nginx" to 5 replicas
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 5 live pods
    And there are 5 running pods labelled "app=my-nginx-pods-label"
    And every invariant holds

  Scenario: a watch that misses a change is caught up by the resync
    When the "replicaset-controller" misses the next changes
    And I scale ReplicaSet "replicaset-nginx" to 1 replicas
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    When the control loops resync
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 1 live pod
    And the invariant "level triggering" holds
    And the invariant "convergence" holds

  Scenario: a stale cache hides a scale-up for one round
    When the "replicaset-controller" reads a stale cache
    And I scale ReplicaSet "replicaset-nginx" to 4 replicas
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    When the control loops resync
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 4 live pods

  Scenario: a restarted controller lists everything again and loses nothing
    When the "replicaset-controller" restarts
    And I delete one pod of ReplicaSet "replicaset-nginx"
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    And every invariant holds

  Scenario: the loops in another order reach the same state
    When the control loops run in a shuffled order with seed 7
    And I scale ReplicaSet "replicaset-nginx" to 6 replicas
    And the cluster settles
    Then ReplicaSet "replicaset-nginx" controls 6 live pods
    And every invariant holds

  Scenario: a lost node's pods are force-deleted by the pod garbage collector after 40 seconds, and replaced
    When node "w1-k8s" is lost
    And 39 seconds pass
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    And 1 pod is bound to node "w1-k8s"
    And node "w1-k8s" does not exist
    When 1 second passes
    Then ReplicaSet "replicaset-nginx" controls 3 live pods
    And no pod runs on node "w1-k8s"
    When the cluster settles
    Then there are 3 running pods labelled "app=my-nginx-pods-label"
    And every invariant holds

  Scenario: a crashed container restarts at once the first time, and its pod stays
    When I remember one pod of ReplicaSet "replicaset-nginx" as "crashed"
    And container "nginx" of pod "<crashed>" crashes
    And the cluster settles
    Then container "nginx" of pod "<crashed>" has restarted 1 time
    And container "nginx" of pod "<crashed>" last terminated with exit code 1 and reason "Error"
    And ReplicaSet "replicaset-nginx" controls 3 live pods
