Feature: A DaemonSet runs one pod on every node that should run it
  Note 004: a DaemonSet is the pod that watches a node, one per node; a label selector keeps it
  off some. The DaemonSet controller places each pod with a node affinity on the node's name and
  adds the tolerations a daemon needs (so cordoned nodes still run it), but not one for the
  control plane's NoSchedule taint: that needs a toleration in the template.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: one pod on every worker, none on the tainted control-plane node
    When I run "kubectl apply -f fixtures/daemonsets/node-monitor.yaml"
    Then the output is:
      """
      daemonset.apps/node-monitor created
      """
    When the cluster settles
    Then 1 pod is bound to node "w1-k8s"
    And 1 pod is bound to node "w2-k8s"
    And 1 pod is bound to node "w3-k8s"
    And no pod runs on node "m-k8s"
    And there are 3 running pods labelled "app=node-monitor"
    When I run "kubectl get daemonsets"
    Then the output is:
      """
      NAME           DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      node-monitor   3         3         3       3            3           <none>          5s
      """
    And every invariant holds

  Scenario: kubectl describe daemonset shows the counts per node, the pod template and the events
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    And I run "kubectl describe ds node-monitor"
    Then the output is:
      """
      Name:           node-monitor
      Namespace:      default
      Selector:       app=node-monitor
      Node-Selector:  <none>
      Labels:         <none>
      Annotations:    deprecated.daemonset.template.generation: 1
      Desired Number of Nodes Scheduled: 3
      Current Number of Nodes Scheduled: 3
      Number of Nodes Scheduled with Up-to-date Pods: 3
      Number of Nodes Scheduled with Available Pods: 3
      Number of Nodes Misscheduled: 0
      Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
      Pod Template:
        Labels:  app=node-monitor
        Containers:
         monitor:
          Image:         nginx:1.16
          Port:          <none>
          Host Port:     <none>
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Events:
        Type    Reason            Age   From                  Message
        ----    ------            ----  ----                  -------
        Normal  SuccessfulCreate  4s    daemonset-controller  Created pod: node-monitor-zq29j
        Normal  SuccessfulCreate  4s    daemonset-controller  Created pod: node-monitor-zgx8f
        Normal  SuccessfulCreate  4s    daemonset-controller  Created pod: node-monitor-j986b
      """
    When I run "kubectl patch ds node-monitor -p '{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"monitored\":\"yes\"}}}}}'"
    And I run "kubectl label node w1-k8s monitored=yes"
    And the cluster settles
    And I run "kubectl describe ds node-monitor"
    Then the output is:
      """
      Name:           node-monitor
      Namespace:      default
      Selector:       app=node-monitor
      Node-Selector:  monitored=yes
      Labels:         <none>
      Annotations:    deprecated.daemonset.template.generation: 2
      Desired Number of Nodes Scheduled: 1
      Current Number of Nodes Scheduled: 1
      Number of Nodes Scheduled with Up-to-date Pods: 1
      Number of Nodes Scheduled with Available Pods: 1
      Number of Nodes Misscheduled: 0
      Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed
      ...
      """

  Scenario: a toleration for the control-plane taint puts a pod there too
    When I apply:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-monitor
      spec:
        selector:
          matchLabels:
            app: node-monitor
        template:
          metadata:
            labels:
              app: node-monitor
          spec:
            tolerations:
            - key: node-role.kubernetes.io/control-plane
              operator: Exists
              effect: NoSchedule
            containers:
            - name: monitor
              image: nginx:1.16
      """
    And the cluster settles
    Then 1 pod is bound to node "m-k8s"
    And there are 4 running pods labelled "app=node-monitor"
    And every invariant holds

  Scenario: a nodeSelector keeps the daemon to labelled nodes, and follows the labels
    When I apply:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: ssd-monitor
      spec:
        selector:
          matchLabels:
            app: ssd-monitor
        template:
          metadata:
            labels:
              app: ssd-monitor
          spec:
            nodeSelector:
              disktype: ssd
            containers:
            - name: monitor
              image: nginx:1.16
      """
    And the cluster settles
    Then there are 0 pods labelled "app=ssd-monitor"
    When I run "kubectl label node w2-k8s disktype=ssd"
    And the cluster settles
    Then there is 1 running pod labelled "app=ssd-monitor"
    And 1 pod is bound to node "w2-k8s"
    When I run "kubectl get ds ssd-monitor"
    Then the output is:
      """
      NAME          DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      ssd-monitor   1         1         1       1            1           disktype=ssd    5s
      """
    When I run "kubectl label node w2-k8s disktype-"
    And the cluster settles
    Then there are 0 pods labelled "app=ssd-monitor"
    And every invariant holds

  Scenario: a node that joins gets a daemon pod; a lost node's pod goes with it
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    And a worker node "w4-k8s" joins the cluster
    And the cluster settles
    Then 1 pod is bound to node "w4-k8s"
    And there are 4 running pods labelled "app=node-monitor"
    When node "w1-k8s" is lost
    And the cluster settles
    Then no pod runs on node "w1-k8s"
    And there are 3 running pods labelled "app=node-monitor"
    And every invariant holds

  Scenario: a cordoned node still runs its daemon pod, and gets it back when it is deleted
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    And I run "kubectl cordon w1-k8s w2-k8s w3-k8s"
    Then the output is:
      """
      node/w1-k8s cordoned
      node/w2-k8s cordoned
      node/w3-k8s cordoned
      """
    When I delete one pod of DaemonSet "node-monitor"
    And the cluster settles
    Then there are 3 running pods labelled "app=node-monitor"
    And 1 pod is bound to node "w1-k8s"
    And 1 pod is bound to node "w2-k8s"
    And 1 pod is bound to node "w3-k8s"

  Scenario: a NoSchedule taint added later leaves the running pod; a NoExecute taint evicts it
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    And I run "kubectl taint nodes w1-k8s dedicated=db:NoSchedule"
    And the cluster settles
    Then 1 pod is bound to node "w1-k8s"
    When I run "kubectl get ds node-monitor"
    Then the output is:
      """
      NAME           DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      node-monitor   2         2         2       2            2           <none>          5s
      """
    When I run "kubectl taint nodes w1-k8s dedicated=db:NoExecute"
    And the cluster settles
    Then no pod runs on node "w1-k8s"

  Scenario: a new template rolls out one node at a time, and every pod carries the new revision
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    And I run "kubectl set image daemonset/node-monitor monitor=nginx:1.17"
    Then the output is:
      """
      daemonset.apps/node-monitor image updated
      """
    When the cluster settles
    Then the pods labelled "app=node-monitor" are:
      | NAME            | READY | STATUS  |
      | node-monitor-*  | 1/1   | Running |
      | node-monitor-*  | 1/1   | Running |
      | node-monitor-*  | 1/1   | Running |
    And DaemonSet "node-monitor" has "status.updatedNumberScheduled" set to "3"
    And DaemonSet "node-monitor" has "spec.template.spec.containers[0].image" set to "nginx:1.17"
    And every invariant holds

  Scenario: the template generation counts template changes only, and labels the pods
    # apps/v1 keeps spec.templateGeneration in an annotation; metadata.generation counts every spec change
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    And I run "kubectl patch ds node-monitor --type merge -p '{\"spec\":{\"minReadySeconds\":1}}'"
    And the cluster settles
    And I run "kubectl get ds node-monitor -o jsonpath='{.metadata.generation}/{.metadata.annotations.deprecated\.daemonset\.template\.generation}'"
    Then the output is:
      """
      2/1
      """
    When I run "kubectl get pods -l pod-template-generation=1 --no-headers -o name"
    Then the output is:
      """
      pod/node-monitor-bcdfg
      pod/node-monitor-hjklm
      pod/node-monitor-npqrs
      """
    When I run "kubectl set image daemonset/node-monitor monitor=nginx:1.17"
    And the cluster settles
    And I run "kubectl get ds node-monitor -o jsonpath='{.metadata.generation}/{.metadata.annotations.deprecated\.daemonset\.template\.generation}'"
    Then the output is:
      """
      3/2
      """
    When I run "kubectl get pods -l pod-template-generation=2,app=node-monitor --no-headers"
    Then the output is:
      """
      node-monitor-2x4z5   1/1   Running   0     15s
      node-monitor-6v7w8   1/1   Running   0     10s
      node-monitor-9t2s4   1/1   Running   0     5s
      """

  Scenario: a template whose labels the selector does not select is rejected
    When I apply:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: broken
      spec:
        selector:
          matchLabels:
            app: monitor
        template:
          metadata:
            labels:
              app: other
          spec:
            containers:
            - name: monitor
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      DaemonSet.apps "broken" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`
      """
    And there are 0 pods labelled "app=other"

  Scenario: one daemon pod per eligible node while nodes come and go, are tainted, cordoned and lost
    When I apply "fixtures/daemonsets/node-monitor.yaml"
    And the cluster settles
    Then for 30 random sequences of "tainting, cordoning, node losses, kubelet restarts, pod deletions, time" the invariants "daemon pods, single controller, no dangling owners" hold

  Scenario: with maxSurge the new pod starts beside the old one, which goes only once the new one is available
    When I apply:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-monitor
      spec:
        selector:
          matchLabels:
            app: node-monitor
        updateStrategy:
          rollingUpdate:
            maxSurge: 1
            maxUnavailable: 0
        template:
          metadata:
            labels:
              app: node-monitor
          spec:
            containers:
            - name: monitor
              image: nginx:1.16
      """
    And the cluster settles
    And I run "kubectl set image ds/node-monitor monitor=nginx:1.17"
    And the control loops catch up
    And I run "kubectl get pods -o wide"
    Then the output is:
      """
      NAME                 READY   STATUS              RESTARTS   AGE   IP               NODE     NOMINATED NODE   READINESS GATES
      node-monitor-db4nj   0/1     ContainerCreating   0          0s    <none>           w1-k8s   <none>           <none>
      node-monitor-j986b   1/1     Running             0          4s    172.16.132.1     w3-k8s   <none>           <none>
      node-monitor-zgx8f   1/1     Running             0          4s    172.16.103.129   w2-k8s   <none>           <none>
      node-monitor-zq29j   1/1     Running             0          4s    172.16.221.129   w1-k8s   <none>           <none>
      """
    # every node keeps an available pod throughout: the rollout never waits for availability
    When I run "kubectl rollout status ds/node-monitor"
    Then the output is:
      """
      Waiting for daemon set "node-monitor" rollout to finish: 0 out of 3 new pods have been updated...
      Waiting for daemon set "node-monitor" rollout to finish: 0 out of 3 new pods have been updated...
      Waiting for daemon set "node-monitor" rollout to finish: 1 out of 3 new pods have been updated...
      Waiting for daemon set "node-monitor" rollout to finish: 1 out of 3 new pods have been updated...
      Waiting for daemon set "node-monitor" rollout to finish: 2 out of 3 new pods have been updated...
      Waiting for daemon set "node-monitor" rollout to finish: 2 out of 3 new pods have been updated...
      daemon set "node-monitor" successfully rolled out
      """
    And there are 3 running pods labelled "app=node-monitor"
    And every invariant holds

  Scenario: maxSurge needs maxUnavailable 0, whose default is 1
    When I apply:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-monitor
      spec:
        selector:
          matchLabels:
            app: node-monitor
        updateStrategy:
          rollingUpdate:
            maxSurge: 1
        template:
          metadata:
            labels:
              app: node-monitor
          spec:
            containers:
            - name: monitor
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      DaemonSet.apps "node-monitor" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero
      """
