Feature: A node that stops reporting is marked NotReady, and its pods are evicted after their tolerations
  Note 002 stops a worker's kubelet. The control plane notices once the kubelet has been silent for
  the grace period (50 s): the node turns NotReady, gets the unreachable taints, and its pods lose
  their Ready condition. Every pod tolerates that taint for 300 s (the DefaultTolerationSeconds
  admission plugin); then the pods are evicted, their ReplicaSet replaces them on healthy nodes,
  and the evicted ones stay Terminating until the kubelet is back to confirm they stopped.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles

  Scenario: NotReady after the grace period, unreachable taints, pods not ready
    When the kubelet on node "w2-k8s" stops
    And 49 seconds pass
    And I run "kubectl get nodes w2-k8s"
    Then the output is:
      """
      NAME     STATUS   ROLES    AGE   VERSION
      w2-k8s   Ready    <none>   54s   v1.32.0
      """
    When 1 second passes
    And I run "kubectl get nodes w2-k8s"
    Then the output is:
      """
      NAME     STATUS     ROLES    AGE   VERSION
      w2-k8s   NotReady   <none>   55s   v1.32.0
      """
    And node "w2-k8s" has "spec.taints[1].key" set to "node.kubernetes.io/unreachable"
    And node "w2-k8s" has "spec.taints[1].effect" set to "NoExecute"
    And node "w2-k8s" has "status.conditions[3].message" set to "Kubelet stopped posting node status."
    And the events of node "w2-k8s" include:
      | TYPE   | REASON       | MESSAGE                                |
      | Normal | NodeNotReady | Node w2-k8s status is now: NodeNotReady |

  Scenario: each kubelet holds its node's Lease; the grace period runs from the last renewal
    When I run "kubectl get leases -n kube-node-lease"
    Then the output is:
      """
      NAME     HOLDER   AGE
      m-k8s    m-k8s    5s
      w1-k8s   w1-k8s   5s
      w2-k8s   w2-k8s   5s
      w3-k8s   w3-k8s   5s
      """
    When the kubelet on node "w2-k8s" stops
    And 30 seconds pass
    And I run "kubectl get lease w2-k8s -n kube-node-lease -o jsonpath={.spec.renewTime}"
    Then the output is:
      """
      2025-01-01T00:00:04.500000Z
      """
    When I run "kubectl describe node w2-k8s"
    Then the output is:
      """
      ...
      Lease:
        HolderIdentity:  w2-k8s
        AcquireTime:     <unset>
        RenewTime:       Wed, 01 Jan 2025 00:00:04 +0000
      ...
      """
    When the kubelet on node "w2-k8s" starts
    And I run "kubectl get lease w2-k8s -n kube-node-lease -o jsonpath={.spec.renewTime}"
    Then the output is:
      """
      2025-01-01T00:00:34.500000Z
      """
    When I run "kubectl delete node w3-k8s"
    And the cluster settles
    And I run "kubectl get leases -n kube-node-lease"
    Then the output is:
      """
      NAME     HOLDER   AGE
      m-k8s    m-k8s    35s
      w1-k8s   w1-k8s   35s
      w2-k8s   w2-k8s   35s
      """

  Scenario: after 300 s the pods are evicted and replaced elsewhere; they go once the kubelet is back
    When the kubelet on node "w2-k8s" stops
    And 50 seconds pass
    Then 1 pod is bound to node "w2-k8s"
    When 299 seconds pass
    And I run "kubectl get pods -o wide"
    Then the output is:
      """
      NAME                                 READY   STATUS    RESTARTS   AGE     IP               NODE     NOMINATED NODE   READINESS GATES
      sample-deployment-64687ddc9f-6k6r8   1/1     Running   0          5m53s   172.16.103.129   w2-k8s   <none>           <none>
      sample-deployment-64687ddc9f-frsh4   1/1     Running   0          5m53s   172.16.132.1     w3-k8s   <none>           <none>
      sample-deployment-64687ddc9f-k89gl   1/1     Running   0          5m53s   172.16.221.129   w1-k8s   <none>           <none>
      """
    When 1 second passes
    And the cluster settles
    Then there are 3 running pods labelled "app=sample-app"
    When I run "kubectl get pods -o wide"
    Then the output is:
      """
      NAME                                 READY   STATUS        RESTARTS   AGE    IP               NODE     NOMINATED NODE   READINESS GATES
      sample-deployment-64687ddc9f-6k6r8   1/1     Terminating   0          6m1s   172.16.103.129   w2-k8s   <none>           <none>
      ...
      """
    And the events of pod "sample-deployment-64687ddc9f-6k6r8" include:
      | TYPE    | REASON               | MESSAGE                                                         |
      | Warning | NodeNotReady         | Node is not ready                                               |
      | Normal  | TaintManagerEviction | Marking for deletion Pod default/sample-deployment-* |
    When the kubelet on node "w2-k8s" starts
    And the cluster settles
    Then there are 3 pods labelled "app=sample-app"
    And node "w2-k8s" has no "spec.taints"
    And every invariant holds
