@note-003
Feature: Deleting an owner: background, foreground and orphan propagation
  The garbage collector follows ownerReferences (pkg/controller/garbagecollector): what happens to
  a ReplicaSet's pods depends on the propagation policy of the delete.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles

  Scenario: Background (kubectl's default): the owner goes at once, then its pods
    When I delete replicaset "sample-rs" with propagation policy Background
    Then replicaset "sample-rs" does not exist
    And there are 3 pods labelled "app=sample-app"
    When the cluster settles
    Then there are 0 pods labelled "app=sample-app"
    And every invariant holds

  Scenario: Foreground: the owner waits, marked for deletion, until its pods are gone
    When I delete replicaset "sample-rs" with propagation policy Foreground
    Then replicaset "sample-rs" exists
    When 50 milliseconds pass
    Then replicaset "sample-rs" exists
    And the pods are:
      | NAME        | STATUS      |
      | sample-rs-* | Terminating |
      | sample-rs-* | Terminating |
      | sample-rs-* | Terminating |
    When the cluster settles
    Then replicaset "sample-rs" does not exist
    And there are 0 pods labelled "app=sample-app"

  Scenario: Orphan: the owner goes and its pods stay, without a controller
    When I delete replicaset "sample-rs" with propagation policy Orphan
    And the cluster settles
    Then replicaset "sample-rs" does not exist
    And the pods are:
      | NAME        | STATUS  | CONTROLLER |
      | sample-rs-* | Running | <none>     |
      | sample-rs-* | Running | <none>     |
      | sample-rs-* | Running | <none>     |
    And the invariant "no dangling owners" holds

  Scenario: Orphaned pods are adopted by a new ReplicaSet with the same selector
    When I delete replicaset "sample-rs" with propagation policy Orphan
    And the cluster settles
    And I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    Then ReplicaSet "sample-rs" controls 3 live pods
    And the events of replicaset "sample-rs" do not include reason "SuccessfulCreate"

  Scenario: A pod whose only owner no longer exists is collected
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: dangling
        ownerReferences:
        - apiVersion: apps/v1
          kind: ReplicaSet
          name: gone
          uid: 00000000-0000-4000-8000-00000000dead
      spec:
        containers:
        - name: app
          image: nginx:1.16
      """
    And the cluster settles
    Then pod "dangling" does not exist
