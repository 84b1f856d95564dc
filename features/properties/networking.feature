Feature: Properties of Services and failing nodes, searched at random
  Readiness decides who gets traffic: whatever the pods' health checks do, once the cluster has
  settled kube-proxy sends requests only to pods that are Ready. A node that stops answering
  (its kubelet gone silent) gets the unreachable taints; its pods are evicted when their
  tolerationSeconds run out, and their controllers replace them on the nodes that are left.

  Background:
    Given a cluster with 3 worker nodes
    When I apply "fixtures/deployments/web-readiness.yaml"
    And the cluster settles

  Scenario: requests reach only ready pods while health checks fail and recover
    Then for 30 random sequences of "health failures, scaling, pod deletions, container crashes, time" the invariants "traffic to ready pods, service endpoints" hold

  Scenario: the pods of a node that stops answering are evicted on time and replaced
    Then for 30 random sequences of "kubelet restarts, scaling, pod deletions, time" the invariants "evictions on time, replica counts, controllers match their pods" hold
