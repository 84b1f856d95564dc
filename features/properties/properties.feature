Feature: Properties of reconciliation, searched at random
  A property step draws random sequences of disturbances (user actions, faults in the control
  loops, failing nodes), replays each on the scenario's cluster, and checks the invariants after
  every action and every settle. A failure is shrunk to the fewest steps that still break it and
  printed as a scenario to paste into a feature file. KUBEHAVE_SEED replays a search.

  Background:
    Given a cluster with 3 worker nodes
    When I apply "fixtures/deployments/sample-deployment.yaml"
    And I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles

  Scenario: replica counts and ownership survive user actions and lost, repeated or stale runs
    Then for 40 random sequences of "scaling, pod deletions, relabelling, dropped runs, duplicated runs, stale reads" the invariants "replica counts, controllers match their pods, single controller, no dangling owners" hold

  Scenario: the rolling-update bounds hold at every action, whatever the user and the nodes do
    Then for 40 random sequences of these disturbances the invariant "rolling update bounds" holds:
      | disturbance      |
      | template changes |
      | rollbacks        |
      | pauses           |
      | scaling          |
      | pod deletions    |
      | node reboots     |
      | container crashes |

  Scenario: scheduling respects cordons, taints and node capacity while nodes come and go
    Then for 40 random sequences of "cordoning, tainting, scaling, pod deletions, kubelet restarts, node losses" the invariants "cordon respected, taints respected, within allocatable" hold

  Scenario: faults in the control loops do not change where the cluster settles
    Then for 25 random sequences of "scaling, pod deletions, template changes, loop faults" the invariants "level triggering, convergence" hold

  Scenario: runs are deterministic and re-applying the manifests changes nothing
    Then for 20 random sequences of "everything" the invariants "determinism, idempotence, fixpoint" hold
