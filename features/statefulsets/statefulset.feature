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
    And the events of persistentvolumeclaim "www-web-0" include:
      | TYPE   | REASON        | MESSAGE                                                                 |
      | Normal | FailedBinding | no persistent volumes available for this claim and no storage class is set |
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
