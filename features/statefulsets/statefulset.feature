Feature: A StatefulSet gives each pod a stable name and its own disk
  Note 004: with a ReplicaSet every replica points at the one volume; a StatefulSet templates the
  disk too, so each pod gets its own PersistentVolumeClaim, named in sequence. OrderedReady starts
  the pods one at a time (a replica joining a primary all at once would fall behind), and the
  disks stay when the set scales down.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: on a cluster without a StorageClass the first pod waits for its disk, and the rest wait for it
    When I run "kubectl apply -f fixtures/statefulsets/web.yaml"
    And the cluster settles
    And I run "kubectl get sts,pods,pvc"
    Then the output is:
      """
      NAME                   READY   AGE
      statefulset.apps/web   0/3     5s

      NAME        READY   STATUS    RESTARTS   AGE
      pod/web-0   0/1     Pending   0          5s

      NAME                              STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
      persistentvolumeclaim/www-web-0   Pending                                                     <unset>                 5s
      """
    And the events of pod "web-0" include:
      | TYPE    | REASON           | MESSAGE                                                                                                                                      |
      | Warning | FailedScheduling | 0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling. |
    When I run "kubectl describe pvc www-web-0"
    Then the output is:
      """
      Name:          www-web-0
      Namespace:     default
      StorageClass:
      Status:        Pending
      Volume:
      Labels:        app=nginx
      Annotations:   <none>
      Finalizers:    [kubernetes.io/pvc-protection]
      Capacity:
      Access Modes:
      VolumeMode:    Filesystem
      Used By:       web-0
      Events:
        Type    Reason         Age   From                         Message
        ----    ------         ----  ----                         -------
        Normal  FailedBinding  0s    persistentvolume-controller  no persistent volumes available for this claim and no storage class is set
      """
    # since 1.28 a claim created with no class at all gets the default class once one exists
    When I run "kubectl apply -f fixtures/statefulsets/standard-storageclass.yaml"
    And the cluster settles
    Then the pods labelled "app=nginx" are:
      | NAME  | STATUS  |
      | web-0 | Running |
      | web-1 | Running |
      | web-2 | Running |
    And every invariant holds

  Scenario: OrderedReady creates the pods in ordinal order, each once the one before is Running and Ready
    When I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply "fixtures/statefulsets/web.yaml"
    And the cluster settles
    Then statefulset "web" created its pods at "0s, 4s, 9s"
    When I run "kubectl get sts,pods,pvc"
    Then the output is:
      """
      NAME                   READY   AGE
      statefulset.apps/web   3/3     13s

      NAME        READY   STATUS    RESTARTS   AGE
      pod/web-0   1/1     Running   0          13s
      pod/web-1   1/1     Running   0          9s
      pod/web-2   1/1     Running   0          4s

      NAME                              STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
      persistentvolumeclaim/www-web-0   Bound    pvc-214aa188-3c4f-4d02-8f5b-d14dcc312684   1Gi        RWO            standard       <unset>                 13s
      persistentvolumeclaim/www-web-1   Bound    pvc-86c41ff0-d169-46b2-8f98-02932a90106a   1Gi        RWO            standard       <unset>                 9s
      persistentvolumeclaim/www-web-2   Bound    pvc-f2ae9969-9cd6-4b32-a6f8-a61cac10cc35   1Gi        RWO            standard       <unset>                 4s
      """
    And the events of statefulset "web" include:
      | TYPE   | REASON           | MESSAGE                                                |
      | Normal | SuccessfulCreate | create Claim www-web-0 Pod web-0 in StatefulSet web success |
      | Normal | SuccessfulCreate | create Pod web-0 in StatefulSet web successful          |
      | Normal | SuccessfulCreate | create Pod web-2 in StatefulSet web successful          |
    When I run "kubectl describe sts web"
    Then the output is:
      """
      Name:               web
      Namespace:          default
      CreationTimestamp:  Wed, 01 Jan 2025 00:00:00 +0000
      Selector:           app=nginx
      Labels:             <none>
      Annotations:        <none>
      Replicas:           3 desired | 3 total
      Update Strategy:    RollingUpdate
        Partition:        0
      Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed
      Pod Template:
        Labels:  app=nginx
        Containers:
         nginx:
          Image:        nginx:1.16
          Port:         80/TCP
          Host Port:    0/TCP
          Environment:  <none>
          Mounts:
            /usr/share/nginx/html from www (rw)
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Volume Claims:
        Name:          www
        StorageClass:
        Labels:        <none>
        Annotations:   <none>
        Capacity:      1Gi
        Access Modes:  [ReadWriteOnce]
      Events:
        Type    Reason            Age   From                    Message
        ----    ------            ----  ----                    -------
        Normal  SuccessfulCreate  13s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success
        Normal  SuccessfulCreate  13s   statefulset-controller  create Pod web-0 in StatefulSet web successful
        Normal  SuccessfulCreate  9s    statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success
        Normal  SuccessfulCreate  9s    statefulset-controller  create Pod web-1 in StatefulSet web successful
        Normal  SuccessfulCreate  4s    statefulset-controller  create Claim www-web-2 Pod web-2 in StatefulSet web success
        Normal  SuccessfulCreate  4s    statefulset-controller  create Pod web-2 in StatefulSet web successful
      """
    And pod "web-1" has "spec.hostname" set to "web-1"
    And pod "web-1" has "spec.subdomain" set to "nginx"
    And pod "web-1" has the label "apps.kubernetes.io/pod-index=1"
    And pod "web-1" has the label "statefulset.kubernetes.io/pod-name=web-1"
    And pod "web-1" has "spec.volumes[0].persistentVolumeClaim.claimName" set to "www-web-1"
    And every invariant holds

  Scenario: scaling down removes the highest ordinal first, one at a time, and keeps every claim
    When I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply "fixtures/statefulsets/web.yaml"
    And the cluster settles
    And I run "kubectl scale sts web --replicas=1"
    Then the output is:
      """
      statefulset.apps/web scaled
      """
    When the control loops catch up
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME    READY   STATUS        RESTARTS   AGE
      web-0   1/1     Running       0          13s
      web-1   1/1     Running       0          9s
      web-2   0/1     Terminating   0          4s
      """
    When the cluster settles
    And I run "kubectl get pods,pvc"
    Then the output is:
      """
      NAME        READY   STATUS    RESTARTS   AGE
      pod/web-0   1/1     Running   0          15s

      NAME                              STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
      persistentvolumeclaim/www-web-0   Bound    pvc-214aa188-3c4f-4d02-8f5b-d14dcc312684   1Gi        RWO            standard       <unset>                 15s
      persistentvolumeclaim/www-web-1   Bound    pvc-86c41ff0-d169-46b2-8f98-02932a90106a   1Gi        RWO            standard       <unset>                 11s
      persistentvolumeclaim/www-web-2   Bound    pvc-f2ae9969-9cd6-4b32-a6f8-a61cac10cc35   1Gi        RWO            standard       <unset>                 6s
      """
    When I run "kubectl scale sts web --replicas=3"
    And the cluster settles
    Then pod "web-2" has "spec.volumes[0].persistentVolumeClaim.claimName" set to "www-web-2"
    When I run "kubectl get pv -o name"
    Then the output is:
      """
      persistentvolume/pvc-214aa188-3c4f-4d02-8f5b-d14dcc312684
      persistentvolume/pvc-86c41ff0-d169-46b2-8f98-02932a90106a
      persistentvolume/pvc-f2ae9969-9cd6-4b32-a6f8-a61cac10cc35
      """
    And every invariant holds

  Scenario: Parallel starts every pod at once and removes them at once
    When I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        serviceName: nginx
        podManagementPolicy: Parallel
        replicas: 3
        selector:
          matchLabels:
            app: nginx
        template:
          metadata:
            labels:
              app: nginx
          spec:
            containers:
            - name: nginx
              image: nginx:1.16
      """
    And the cluster settles
    Then statefulset "web" created its pods at "0s, 0s, 0s"
    When I run "kubectl scale sts web --replicas=0"
    And the control loops catch up
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME    READY   STATUS        RESTARTS   AGE
      web-0   0/1     Terminating   0          5s
      web-1   0/1     Terminating   0          5s
      web-2   0/1     Terminating   0          5s
      """
    And every invariant holds

  Scenario: a rolling update replaces the pods from the highest ordinal down, and rollout undo brings revision 1 back
    When I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply "fixtures/statefulsets/web.yaml"
    And the cluster settles
    And I run "kubectl set image sts/web nginx=nginx:1.17"
    Then the output is:
      """
      statefulset.apps/web image updated
      """
    When the control loops catch up
    And I run "kubectl get pods -L controller-revision-hash"
    Then the output is:
      """
      NAME    READY   STATUS        RESTARTS   AGE   CONTROLLER-REVISION-HASH
      web-0   1/1     Running       0          13s   web-79967c7fd8
      web-1   1/1     Running       0          9s    web-79967c7fd8
      web-2   0/1     Terminating   0          4s    web-79967c7fd8
      """
    When I run "kubectl rollout status sts/web"
    Then the output is:
      """
      Waiting for 1 pods to be ready...
      ...
      partitioned roll out complete: 3 new pods have been updated...
      """
    When I run "kubectl get pods -L controller-revision-hash"
    Then the output is:
      """
      NAME    READY   STATUS    RESTARTS   AGE   CONTROLLER-REVISION-HASH
      web-0   1/1     Running   0          3s    web-6d9c6b6c7b
      web-1   1/1     Running   0          8s    web-6d9c6b6c7b
      web-2   1/1     Running   0          13s   web-6d9c6b6c7b
      """
    And the events of statefulset "web" include:
      | TYPE   | REASON           | MESSAGE                                        |
      | Normal | SuccessfulDelete | delete Pod web-2 in StatefulSet web successful |
      | Normal | SuccessfulDelete | delete Pod web-0 in StatefulSet web successful |
    When I run "kubectl rollout history sts/web"
    Then the output is:
      """
      statefulset.apps/web 
      REVISION  CHANGE-CAUSE
      1         <none>
      2         <none>

      """
    When I run "kubectl rollout undo sts/web"
    Then the output is:
      """
      statefulset.apps/web rolled back
      """
    When the cluster settles
    And I run "kubectl get controllerrevisions"
    Then the output is:
      """
      NAME             CONTROLLER             REVISION   AGE
      web-6d9c6b6c7b   statefulset.apps/web   2          40s
      web-79967c7fd8   statefulset.apps/web   3          53s
      """
    And pod "web-0" has "spec.containers[0].image" set to "nginx:1.16"
    And statefulset "web" has "status.currentRevision" set to "web-79967c7fd8"
    And every invariant holds

  Scenario: a partition holds the lower ordinals at the current revision, and OnDelete waits for a user to delete a pod
    When I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply "fixtures/statefulsets/web.yaml"
    And the cluster settles
    And I run "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}'"
    And I run "kubectl set image sts/web nginx=nginx:1.17"
    And the cluster settles
    Then pod "web-2" has "spec.containers[0].image" set to "nginx:1.17"
    And pod "web-1" has "spec.containers[0].image" set to "nginx:1.16"
    When I run "kubectl rollout status sts/web --watch=false"
    Then the output is:
      """
      partitioned roll out complete: 1 new pods have been updated...
      """
    And statefulset "web" has "status.currentReplicas" set to "2"
    # a pod below the partition that is deleted comes back at the current revision
    When I run "kubectl delete pod web-0"
    And the cluster settles
    Then pod "web-0" has "spec.containers[0].image" set to "nginx:1.16"
    When I run "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'"
    And I run "kubectl set image sts/web nginx=nginx:1.18"
    And the cluster settles
    Then pod "web-2" has "spec.containers[0].image" set to "nginx:1.17"
    When I run "kubectl delete pod web-1"
    And the cluster settles
    Then pod "web-1" has "spec.containers[0].image" set to "nginx:1.18"
    And pod "web-0" has "spec.containers[0].image" set to "nginx:1.16"
    And every invariant holds

  Scenario: the API server rejects what a StatefulSet cannot be, and the fields that cannot change
    When I create:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        podManagementPolicy: OneByOne
        selector:
          matchLabels:
            app: nginx
        template:
          metadata:
            labels:
              app: db
          spec:
            restartPolicy: OnFailure
            containers:
            - name: nginx
              image: nginx:1.16
      """
    Then the request is rejected with:
      """
      StatefulSet.apps "web" is invalid: [spec.podManagementPolicy: Invalid value: "OneByOne": must be 'OrderedReady' or 'Parallel', spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`, spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"]
      """
    And the cluster is unchanged
    When I apply "fixtures/statefulsets/web.yaml"
    And I run "kubectl patch sts web -p '{\"spec\":{\"serviceName\":\"web\"}}'"
    Then the output is:
      """
      The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
      """

  Scenario: under scaling, pod deletions, crashes, reboots and loop faults the pods keep their ordinals and start in order
    When I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply "fixtures/statefulsets/web.yaml"
    And the cluster settles
    Then for 30 random sequences of "scaling, pod deletions, container crashes, node reboots, kubelet restarts, time, dropped runs, duplicated runs, controller restarts" the invariants "statefulset identity, statefulset ordering, statefulset replicas, single controller, no dangling owners" hold
