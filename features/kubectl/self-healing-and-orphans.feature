@note-000 @note-003
Feature: kubectl sessions of the notes: self-healing and orphaned pods
  The notes' kubectl commands, run on the simulated cluster and compared with what kubectl
  prints. Tables are compared word by word; ages, IPs and generated names match by shape, and a
  generated name seen in the expected output stands for the real one in later commands.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: kubectl shows the ReplicaSet's pods, and a deleted one is replaced (note 000, 파드 정지와 자동화된 복구)
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I run "kubectl get pods"
    Then the output is:
      """
      NAME              READY   STATUS    RESTARTS   AGE
      sample-rs-9f9kr   1/1     Running   0          5s
      sample-rs-bx8wl   1/1     Running   0          5s
      sample-rs-zq2n7   1/1     Running   0          5s
      """
    When I run "kubectl delete pod sample-rs-9f9kr"
    Then the output is:
      """
      pod "sample-rs-9f9kr" deleted
      """
    When I run "kubectl get pods"
    Then the output is:
      """
      NAME              READY   STATUS    RESTARTS   AGE
      sample-rs-bx8wl   1/1     Running   0          40s
      sample-rs-zq2n7   1/1     Running   0          40s
      sample-rs-t7m4d   1/1     Running   0          5s
      """
    When I run "kubectl get rs"
    Then the output is:
      """
      NAME        DESIRED   CURRENT   READY   AGE
      sample-rs   3         3         3       40s
      """

  Scenario: Removing a pod's label orphans it; `kubectl delete rs` leaves it running (note 003, replicaset 동작원리)
    Given I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    When I run "kubectl get po --show-labels"
    Then the output is:
      """
      NAME                     READY   STATUS    RESTARTS   AGE   LABELS
      replicaset-nginx-vmnrz   1/1     Running   0          10s   app=my-nginx-pods-label
      replicaset-nginx-4xk9p   1/1     Running   0          10s   app=my-nginx-pods-label
      replicaset-nginx-b6f2s   1/1     Running   0          10s   app=my-nginx-pods-label
      """
    When I run "kubectl label pod replicaset-nginx-vmnrz app-"
    Then the output is:
      """
      pod/replicaset-nginx-vmnrz unlabeled
      """
    When the cluster settles
    And I run "kubectl get po --show-labels"
    Then the output is:
      """
      NAME                     READY   STATUS    RESTARTS   AGE   LABELS
      ...
      replicaset-nginx-vmnrz   1/1     Running   0          20s   <none>
      ...
      """
    And there are 3 running pods labelled "app=my-nginx-pods-label"
    When I run "kubectl delete rs replicaset-nginx"
    Then the output is:
      """
      replicaset.apps "replicaset-nginx" deleted
      """
    When I run "kubectl get pods"
    Then the output is:
      """
      NAME                     READY   STATUS    RESTARTS   AGE
      replicaset-nginx-vmnrz   1/1     Running   0          2m
      """

  Scenario: Errors are kubectl's own, word for word
    When I run "kubectl get pod nope"
    Then the command fails with:
      """
      Error from server (NotFound): pods "nope" not found
      """
    When I run "kubectl get pods --bogus"
    Then the command fails with:
      """
      error: unknown flag: --bogus
      See 'kubectl get --help' for usage.
      """
    When I run "kubectl gett pods"
    Then the command fails with:
      """
      error: unknown command "gett" for "kubectl"

      Did you mean this?
      	set
      	get
      """
    When I run "kubectl get pods -n"
    Then the command fails with:
      """
      error: flag needs an argument: 'n' in -n
      See 'kubectl get --help' for usage.
      """
    When I run "kubectl get pods"
    Then the output is:
      """
      No resources found in default namespace.
      """

  Scenario: Creating twice, and an invalid object, as the API server answers them
    When I run "kubectl create -f fixtures/replicasets/sample-rs.yaml"
    Then the output is:
      """
      replicaset.apps/sample-rs created
      """
    When I run "kubectl create -f fixtures/replicasets/sample-rs.yaml"
    Then the command fails with:
      """
      Error from server (AlreadyExists): error when creating "fixtures/replicasets/sample-rs.yaml": replicasets.apps "sample-rs" already exists
      """
    When I run "kubectl scale rs sample-rs --replicas=-1"
    Then the command fails with:
      """
      error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0
      """
    And the cluster is unchanged
    When I run "kubectl scale rs sample-rs --replicas=abc"
    Then the command fails with:
      """
      error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax
      See 'kubectl scale --help' for usage.
      """
    When I run "kubectl apply -f fixtures/pods/sample-pod.yaml"
    And I run "kubectl apply -f fixtures/pods/sample-pod.yaml"
    Then the output is:
      """
      pod/sample-pod unchanged
      """

  Scenario: kubectl describe shows the ReplicaSet, its pod template and its events (note 000, 레플리카셋 상세 정보 표시)
    Given I apply "fixtures/replicasets/sample-rs.yaml"
    And the cluster settles
    When I run "kubectl describe replicaset sample-rs"
    Then the output is:
      """
      Name:         sample-rs
      Namespace:    default
      Selector:     app=sample-app
      Labels:       <none>
      Annotations:  <none>
      Replicas:     3 current / 3 desired
      Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
      Pod Template:
        Labels:  app=sample-app
        Containers:
         nginx-container:
          Image:         nginx:1.16
          Port:          <none>
          Host Port:     <none>
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Events:
        Type    Reason            Age   From                   Message
        ----    ------            ----  ----                   -------
        Normal  SuccessfulCreate  45s   replicaset-controller  Created pod: sample-rs-9f9kr
        Normal  SuccessfulCreate  45s   replicaset-controller  Created pod: sample-rs-bx8wl
        Normal  SuccessfulCreate  45s   replicaset-controller  Created pod: sample-rs-zq2n7
      """
    When I run "kubectl describe pod sample-rs-9f9kr"
    Then the output is:
      """
      Name:             sample-rs-9f9kr
      Namespace:        default
      Priority:         0
      Service Account:  default
      Node:             w*-k8s/192.168.1.*
      Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
      Labels:           app=sample-app
      Annotations:      <none>
      Status:           Running
      IP:               172.16.221.129
      IPs:
        IP:           172.16.221.129
      Controlled By:  ReplicaSet/sample-rs
      Containers:
        nginx-container:
          Container ID:   containerd://*
          Image:          nginx:1.16
          Image ID:       docker.io/library/nginx@sha256:*
          Port:           <none>
          Host Port:      <none>
          State:          Running
            Started:      Wed, 01 Jan 2025 00:00:04 +0000
          Ready:          True
          Restart Count:  0
          Environment:    <none>
          Mounts:         <none>
      ...
      Events:
        Type    Reason     Age   From               Message
        ----    ------     ----  ----               -------
        Normal  Scheduled  45s   default-scheduler  Successfully assigned default/sample-rs-9f9kr to w*-k8s
      ...
      """

  Scenario: kubectl edit removes the label, as note 003 does it (note 003, replicaset 동작원리)
    Given I apply "fixtures/replicasets/replicaset-nginx.yaml"
    And the cluster settles
    When I run "kubectl get pods -o name"
    Then the output is:
      """
      pod/replicaset-nginx-vmnrz
      pod/replicaset-nginx-4xk9p
      pod/replicaset-nginx-b6f2s
      """
    When I run "kubectl edit pods replicaset-nginx-vmnrz" with the editor changing:
      """
      metadata:
        labels:
          app: null
      """
    Then the output is:
      """
      pod/replicaset-nginx-vmnrz edited
      """
    When the cluster settles
    Then there are 3 running pods labelled "app=my-nginx-pods-label"
    And there is 1 pod labelled "!app"
    When I run "kubectl edit pods replicaset-nginx-vmnrz" with the editor changing:
      """
      metadata: {}
      """
    Then the output is:
      """
      Edit cancelled, no changes made.
      """
