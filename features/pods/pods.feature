@note-000 @note-003
Feature: Pods
  The smallest unit of workload: one or more containers that share a node and an IP address
  (note 000, "파드"; note 003, "2. Pod: container를 다루는 기본 단위").

  Background:
    Given a cluster with 3 worker nodes

  Scenario: The note's nginx pod is scheduled, pulls its image and runs (note 000, 파드 생성)
    When I apply "fixtures/pods/sample-pod.yaml"
    Then the request is accepted
    And pod "sample-pod" is "Pending"
    When the cluster settles
    Then the pods are:
      | NAME       | READY | STATUS  | RESTARTS | NODE   | IP          |
      | sample-pod | 1/1   | Running | 0        | w*-k8s | 172.16.*    |
    And the events of pod "sample-pod" include:
      | TYPE   | REASON    | MESSAGE                                              |
      | Normal | Scheduled | Successfully assigned default/sample-pod to w*-k8s   |
      | Normal | Pulling   | Pulling image "nginx:1.16"                           |
      | Normal | Pulled    | Successfully pulled image "nginx:1.16" in *          |
      | Normal | Created   | Created container nginx-container                    |
      | Normal | Started   | Started container nginx-container                    |

  Scenario: A pod shows ContainerCreating while its image is pulled (note 002's "before" listing)
    When I apply "fixtures/pods/sample-pod.yaml"
    And 2 seconds pass
    Then the pods are:
      | NAME       | READY | STATUS            | RESTARTS |
      | sample-pod | 0/1   | ContainerCreating | 0        |
    When 10 seconds pass
    Then pod "sample-pod" is "Running"

  Scenario: The control-plane node's taint keeps ordinary pods off it (note 004, taints)
    When I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    Then the pods are:
      | NAME        | NODE   |
      | sample-rs-* | w*-k8s |
      | sample-rs-* | w*-k8s |
      | sample-rs-* | w*-k8s |
    And the invariant "taints respected" holds

  Scenario: The sidecar pod of note 003 runs both containers (2.2 pod vs docker container)
    When I apply "fixtures/pods/nginx-ubuntu-pod.yaml"
    And the cluster settles
    Then the pods are:
      | NAME                | READY | STATUS  | RESTARTS |
      | my-nginx-ubuntu-pod | 2/2   | Running | 0        |

  Scenario: Two containers that bind the same port: one of them keeps failing (note 000)
    When I apply "fixtures/pods/port-clash-pod.yaml"
    Then the API server warns "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]"
    When the cluster settles
    Then container "nginx-container" of pod "sample-port-clash" is running
    And container "nginx-container-2" of pod "sample-port-clash" last terminated with exit code 1 and reason "Error"
    When 2 minutes pass
    Then container "nginx-container" of pod "sample-port-clash" has restarted 0 times
    And container "nginx-container-2" of pod "sample-port-clash" is waiting with reason "CrashLoopBackOff"
    And the pods are:
      | NAME              | READY | STATUS           | RESTARTS    |
      | sample-port-clash | 1/2   | CrashLoopBackOff | 4 (*s ago)  |
    And the events of pod "sample-port-clash" include:
      | TYPE    | REASON  | MESSAGE                                                                       |
      | Warning | BackOff | Back-off restarting failed container nginx-container-2 in pod sample-port-clash_default(*) |

  Scenario: A deleted pod is Terminating until its kubelet has stopped it
    When I apply "fixtures/pods/sample-pod.yaml"
    And the cluster settles
    And I delete pod "sample-pod"
    Then pod "sample-pod" is "Terminating"
    When the cluster settles
    Then pod "sample-pod" does not exist
    And there are 0 pods labelled "app"

  Scenario: A pod no node can take stays Pending with the scheduler's reasons
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: picky
      spec:
        nodeSelector:
          disktype: ssd
        containers:
        - name: app
          image: nginx:1.16
      """
    And the cluster settles
    Then pod "picky" is "Pending"
    And the events of pod "picky" include:
      | TYPE    | REASON           | MESSAGE |
      | Warning | FailedScheduling | 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling. |
    When I label node "w2-k8s" with "disktype=ssd"
    And the cluster settles
    Then the pods are:
      | NAME  | STATUS  | NODE   |
      | picky | Running | w2-k8s |

  @note-002
  Scenario: Pod IPs come from the node's block, the next one each time (note 002: .129, then .130)
    Given I apply:
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
    Then the pods are:
      | NAME      | READY | STATUS  | IP             | NODE   |
      | nginx-pod | 1/1   | Running | 172.16.103.129 | w2-k8s |
    When I delete pod "nginx-pod"
    And the cluster settles
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
    Then the pods are:
      | NAME      | READY | STATUS  | IP             | NODE   |
      | nginx-pod | 1/1   | Running | 172.16.103.130 | w2-k8s |
    And the events of pod "nginx-pod" include:
      | TYPE   | REASON  | MESSAGE                  |
      | Normal | Pulling | Pulling image "nginx"    |

  @note-004
  Scenario: A pod whose requests fit no node waits with "Insufficient cpu" (note 004, requests/limits)
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: greedy
      spec:
        containers:
        - name: app
          image: nginx:1.16
          resources:
            requests:
              cpu: "3"
      """
    And the cluster settles
    Then pod "greedy" is "Pending"
    And the events of pod "greedy" include:
      | TYPE    | REASON           | MESSAGE |
      | Warning | FailedScheduling | 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod. |

  @note-004
  Scenario: Requests add up: the third 800m pod does not fit a 2-CPU worker
    Given a cluster with these nodes:
      | name   | role   | cpu |
      | worker | worker | 2   |
    When I apply:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: hungry
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: hungry
        template:
          metadata:
            labels:
              app: hungry
          spec:
            containers:
            - name: app
              image: nginx:1.16
              resources:
                requests:
                  cpu: 800m
      """
    And the cluster settles
    Then the pods are:
      | NAME     | STATUS  | NODE   |
      | hungry-* | Running | worker |
      | hungry-* | Running | worker |
      | hungry-* | Pending | <none> |
