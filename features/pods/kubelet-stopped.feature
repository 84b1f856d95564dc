@note-002
Feature: A pod on a node whose kubelet is stopped cannot finish terminating
  Only the kubelet confirms that a pod's containers have stopped; until it does, the API keeps
  the deleted pod, Terminating (note 002, "kubelet": `systemctl stop kubelet` on w2-k8s).

  Background:
    Given a cluster with 3 worker nodes
    And I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: nginx-pod
      spec:
        nodeName: w2-k8s
        containers:
        - name: container-name
          image: nginx
      """
    And the cluster settles

  Scenario: The pod stays Terminating while the kubelet is stopped, and goes when it is back
    When the kubelet on node "w2-k8s" stops
    And I delete pod "nginx-pod"
    And 7 minutes pass
    Then the pods are:
      | NAME      | READY | STATUS      | RESTARTS |
      | nginx-pod | 1/1   | Terminating | 0        |
    When the kubelet on node "w2-k8s" starts
    And the cluster settles
    Then pod "nginx-pod" does not exist
    And the events of pod "nginx-pod" include:
      | TYPE   | REASON  | MESSAGE                          |
      | Normal | Killing | Stopping container container-name |

  Scenario: A stopped kubelet starts nothing new
    When the kubelet on node "w2-k8s" stops
    And I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: late-pod
      spec:
        nodeName: w2-k8s
        containers:
        - name: web
          image: nginx:1.16
      """
    And 1 minute passes
    Then pod "late-pod" is "Pending"
    When the kubelet on node "w2-k8s" starts
    And the cluster settles
    Then pod "late-pod" is "Running"

  Scenario: After the node reboots, the pod's container restarts in a new sandbox with a new IP (note 002, kube-proxy: `reboot`)
    Then the pods are:
      | NAME      | READY | STATUS  | RESTARTS | IP             | NODE   |
      | nginx-pod | 1/1   | Running | 0        | 172.16.103.129 | w2-k8s |
    When node "w2-k8s" reboots
    And the cluster settles
    Then the pods are:
      | NAME      | READY | STATUS  | RESTARTS   | IP             | NODE   |
      | nginx-pod | 1/1   | Running | 1 (* ago)  | 172.16.103.130 | w2-k8s |
    And container "container-name" of pod "nginx-pod" last terminated with exit code 255 and reason "Unknown"
    And the events of pod "nginx-pod" include:
      | REASON         | MESSAGE                                               |
      | SandboxChanged | Pod sandbox changed, it will be killed and re-created. |
