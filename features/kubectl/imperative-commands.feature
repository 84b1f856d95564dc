@note-004
Feature: kubectl's imperative commands on the simulated cluster
  Generators (`run`, `create deployment|namespace`), node maintenance (`cordon`, `uncordon`,
  `taint`, as note 004's taints and tolerations use them) and `rollout restart`.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: run and create deployment make the objects kubectl's generators make
    When I run "kubectl run nginx --image=nginx --port=80"
    Then the output is:
      """
      pod/nginx created
      """
    And pod "nginx" has the label "run=nginx"
    And pod "nginx" has "spec.containers[0].ports[0].containerPort" set to "80"
    When I run "kubectl create deployment web --image=amsy810/echo-nginx:v2.0 --replicas=2"
    Then the output is:
      """
      deployment.apps/web created
      """
    And deployment "web" has "spec.template.spec.containers[0].name" set to "echo-nginx"
    When the cluster settles
    And I run "kubectl get deploy web"
    Then the output is:
      """
      NAME   READY   UP-TO-DATE   AVAILABLE   AGE
      web    2/2     2            2           9s
      """
    When I run "kubectl run broken"
    Then the command fails with:
      """
      error: required flag(s) "image" not set
      """

  Scenario: A cordoned node takes no new pods; a tainted one only pods that tolerate the taint (note 004)
    When I run "kubectl cordon w1-k8s"
    Then the output is:
      """
      node/w1-k8s cordoned
      """
    When I run "kubectl taint nodes w2-k8s dedicated=db:NoSchedule"
    Then the output is:
      """
      node/w2-k8s tainted
      """
    When I run "kubectl get nodes"
    Then the output is:
      """
      NAME     STATUS                     ROLES           AGE   VERSION
      m-k8s    Ready                      control-plane   1m    v1.32.0
      w1-k8s   Ready,SchedulingDisabled   <none>          1m    v1.32.0
      w2-k8s   Ready                      <none>          1m    v1.32.0
      w3-k8s   Ready                      <none>          1m    v1.32.0
      """
    When I run "kubectl create deployment web --image=nginx --replicas=3"
    And the cluster settles
    Then the pods are:
      | NAME    | STATUS  | NODE   |
      | web-*-* | Running | w3-k8s |
      | web-*-* | Running | w3-k8s |
      | web-*-* | Running | w3-k8s |
    When I run "kubectl cordon w1-k8s"
    Then the output is:
      """
      node/w1-k8s already cordoned
      """
    When I run "kubectl taint nodes w2-k8s dedicated:NoSchedule-"
    Then the output is:
      """
      node/w2-k8s untainted
      """
    When I run "kubectl taint nodes w2-k8s dedicated:NoSchedule-"
    Then the command fails with:
      """
      error: taint "dedicated:NoSchedule" not found
      """

  Scenario: rollout restart rolls every pod over to a new ReplicaSet
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles
    When I run "kubectl rollout restart deployment/sample-deployment"
    Then the output is:
      """
      deployment.apps/sample-deployment restarted
      """
    When the cluster settles
    Then deployment "sample-deployment" is at revision 2
    And deployment "sample-deployment" has 2 ReplicaSets
    And there are 3 running pods labelled "app=sample-app"

  Scenario: describe node shows its taints, conditions and the pods it runs (note 004, taints)
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I run "kubectl taint nodes w1-k8s dedicated=db:NoSchedule"
    And I run "kubectl describe node w1-k8s"
    Then the output is:
      """
      Name:               w1-k8s
      Roles:              <none>
      Labels:             beta.kubernetes.io/arch=amd64
                          beta.kubernetes.io/os=linux
                          kubernetes.io/arch=amd64
                          kubernetes.io/hostname=w1-k8s
                          kubernetes.io/os=linux
      Annotations:        <none>
      CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000
      Taints:             dedicated=db:NoSchedule
      Unschedulable:      false
      ...
      Non-terminated Pods:          (1 in total)
        Namespace                   Name               CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
        ---------                   ----               ------------  ----------  ---------------  -------------  ---
        default                     sample-rs-zq29j    0 (0%)        0 (0%)      0 (0%)           0 (0%)         4s
      Allocated resources:
        (Total limits may be over 100 percent, i.e., overcommitted.)
        Resource           Requests  Limits
        --------           --------  ------
        cpu                0 (0%)    0 (0%)
        memory             0 (0%)    0 (0%)
        ephemeral-storage  0 (0%)    0 (0%)
      Events:              <none>
      """
