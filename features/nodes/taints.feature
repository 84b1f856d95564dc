Feature: A NoExecute taint evicts the pods that do not tolerate it, and tolerating ones after tolerationSeconds
  The taint eviction controller deletes a pod on a node with a NoExecute taint it does not
  tolerate at once; a pod whose toleration has tolerationSeconds stays that long. `kubectl taint`
  writes no timeAdded, so the time counts from when the controller saw the taint. Before deleting,
  the controller marks the pod with the DisruptionTarget condition.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/pods/tolerating-pod.yaml"
    And I apply "fixtures/pods/nginx-pod.yaml"
    And the cluster settles

  Scenario: a pod that tolerates the taint for 60 seconds stays 60 seconds, then is marked and deleted
    When I run "kubectl taint nodes w1-k8s dedicated=db:NoExecute"
    And 59 seconds pass
    Then pod "tolerating" has "status.phase" set to "Running"
    And the events of pod "tolerating" do not include reason "TaintManagerEviction"
    When 1 second passes
    Then pod "tolerating" has "status.conditions[0].type" set to "DisruptionTarget"
    And pod "tolerating" has "status.conditions[0].reason" set to "DeletionByTaintManager"
    And pod "tolerating" has "status.conditions[0].message" set to "Taint manager: deleting due to NoExecute taint"
    And the events of pod "tolerating" include:
      | TYPE   | REASON               | MESSAGE                                      |
      | Normal | TaintManagerEviction | Marking for deletion Pod default/tolerating |
    When I run "kubectl get pod tolerating"
    Then the output is:
      """
      NAME         READY   STATUS        RESTARTS   AGE
      tolerating   0/1     Terminating   0          64s
      """

  Scenario: a pod without the toleration is evicted at once, wherever the taint is
    When I run "kubectl get pod my-nginx-pod -o jsonpath={.spec.nodeName}"
    Then the output is:
      """
      w3-k8s
      """
    When I run "kubectl taint nodes w3-k8s dedicated=db:NoExecute"
    And the cluster settles
    Then the events of pod "my-nginx-pod" include:
      | TYPE   | REASON               | MESSAGE                                        |
      | Normal | TaintManagerEviction | Marking for deletion Pod default/my-nginx-pod |
    And pod "tolerating" has "status.phase" set to "Running"
