Feature: kubectl drain empties a node for maintenance
  Draining cordons the node, then evicts its pods so that their controllers start them elsewhere.
  kubectl refuses to drain a node whose pods nothing would bring back (a bare pod), or that a
  DaemonSet would put back at once, unless told so.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/deployments/sample-deployment.yaml"
    And I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles

  Scenario: DaemonSet pods stop a drain until they are ignored; the Deployment's pod moves
    When I run "kubectl drain w2-k8s"
    Then the command fails with:
      """
      error: unable to drain node "w2-k8s" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/node-monitor-zgx8f, continuing command...
      There are pending nodes to be drained:
       w2-k8s
      cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/node-monitor-zgx8f
      """
    And node "w2-k8s" has "spec.unschedulable" set to "true"
    When I run "kubectl drain w2-k8s --ignore-daemonsets"
    Then the output is:
      """
      node/w2-k8s already cordoned
      Warning: ignoring DaemonSet-managed Pods: default/node-monitor-zgx8f
      evicting pod default/sample-deployment-64687ddc9f-6k6r8
      pod/sample-deployment-64687ddc9f-6k6r8 evicted
      node/w2-k8s drained
      """
    When the cluster settles
    Then there are 3 running pods labelled "app=sample-app"
    And 1 pod is bound to node "w2-k8s"
    And every invariant holds

  Scenario: a bare pod needs --force, and is gone for good
    When I apply "fixtures/pods/nginx-pod.yaml"
    And the cluster settles
    And I run "kubectl get pod my-nginx-pod -o jsonpath='{.spec.nodeName}'"
    Then the output is:
      """
      w2-k8s
      """
    When I run "kubectl drain w2-k8s --ignore-daemonsets"
    Then the command fails with:
      """
      error: unable to drain node "w2-k8s" due to error: cannot delete Pods that declare no controller (use --force to override): default/my-nginx-pod, continuing command...
      There are pending nodes to be drained:
       w2-k8s
      cannot delete Pods that declare no controller (use --force to override): default/my-nginx-pod
      """
    When I run "kubectl drain w2-k8s --ignore-daemonsets --force"
    Then the command succeeds
    And pod "my-nginx-pod" does not exist
