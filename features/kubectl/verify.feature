@note-002
Feature: kubehave verify: the kubectl sessions of notes replay and match
  Teachers check their notes: every `$ kubectl ...` line of a transcript runs on a fresh simulated
  cluster and what it prints is compared with what the note shows. Values that differ from run to
  run match by shape; a host command kubehave does not simulate is reported, never run.

  Scenario: Note 002, with only directive lines added, replays: the pod answers curl, breaks with its node's network, and answers again at a new IP after the reboot
    When I verify the transcript "examples/note-002/note-002.md"
    Then the verification reports:
      | COMMAND                                                       | VERDICT     |
      | kubectl get pods --all-namespaces                             | ok          |
      | kubectl get nodes                                             | ok          |
      | kubectl get nodes                                             | ok          |
      | scp root@192.168.1.10:/etc/kubernetes/admin.conf .            | ok          |
      | kubectl get nodes --kubeconfig admin.conf                     | ok          |
      | kubectl create -f ~/_Book_k8sInfra/ch3/3.1.6/nginx-pod.yaml   | ok          |
      | kubectl get pod                                               | ok          |
      | kubectl get pods -o wide                                      | ok          |
      | systemctl stop kubelet                                        | ok          |
      | kubectl delete pod nginx-pod                                  | ok          |
      | kubectl get pod                                               | ok          |
      | systemctl start kubelet                                       | ok          |
      | kubectl get pod                                               | ok          |
      | kubectl create -f ~/_Book_k8sInfra/ch3/3.1.6/nginx-pod.yaml   | ok          |
      | kubectl get pod                                               | ok          |
      | kubectl get pods -o wide                                      | ok          |
      | curl 172.16.103.130                                           | ok          |
      | modprobe -r br_netfilter                                      | ok          |
      | systemctl restart network                                     | ok          |
      | curl 172.16.103.130                                           | ok          |
      | kubectl get pods -o wide                                      | ok          |
      | modprobe br_netfilter                                         | ok          |
      | reboot                                                        | ok          |
      | kubectl get pods -o wide                                      | ok          |
      | curl 172.16.103.131                                           | ok          |
      | kubectl delete -f ~/_Book_k8sInfra/ch3/3.1.6/nginx-pod.yaml   | ok          |

  Scenario: A generated name in the transcript stands for the real one in later commands
    When I verify the transcript:
      """
      $ kubectl apply -f fixtures/replicasets/sample-rs.yaml
      replicaset.apps/sample-rs created
      $ kubectl get pods
      NAME              READY   STATUS    RESTARTS   AGE
      sample-rs-9f9kr   1/1     Running   0          12s
      sample-rs-bx8wl   1/1     Running   0          12s
      sample-rs-zq2n7   1/1     Running   0          12s
      $ kubectl delete pod sample-rs-9f9kr
      pod "sample-rs-9f9kr" deleted
      $ kubectl get pods
      NAME              READY   STATUS    RESTARTS   AGE
      sample-rs-bx8wl   1/1     Running   0          1m
      sample-rs-zq2n7   1/1     Running   0          1m
      sample-rs-t7m4d   1/1     Running   0          20s
      """
    Then every command of the transcript matches

  Scenario: A transcript that says something else is reported with a diff
    When I verify the transcript:
      """
      $ kubectl apply -f fixtures/replicasets/sample-rs.yaml
      replicaset.apps/sample-rs created
      $ kubectl get rs
      NAME        DESIRED   CURRENT   READY   AGE
      sample-rs   3         3         2       12s
      """
    Then the verification reports:
      | COMMAND                                            | VERDICT |
      | kubectl apply -f fixtures/replicasets/sample-rs.yaml | ok      |
      | kubectl get rs                                     | differs |
    And the verification of "kubectl get rs" explains:
      """
      NAME        DESIRED   CURRENT   READY   AGE
      - sample-rs   3         3         2       12s
      + sample-rs   3         3         3       4s
      """

  Scenario: A command the transcript interrupts must still be waiting, and one it lets finish must not be
    When I verify the transcript:
      """
      $ kubectl create -f fixtures/pods/sample-pod.yaml
      pod/sample-pod created
      $ kubectl delete pod sample-pod
      pod "sample-pod" deleted
      ^C
      """
    Then the verification reports:
      | COMMAND                                    | VERDICT |
      | kubectl create -f fixtures/pods/sample-pod.yaml | ok      |
      | kubectl delete pod sample-pod              | differs |
    And the verification of "kubectl delete pod sample-pod" explains:
      """
      the transcript interrupts the command (^C), but here it returned
      """

  Scenario: Host commands kubehave does not simulate are reported, never run; unknown directives are errors
    When I verify the transcript:
      """
      # kubehave: on w1-k8s
      $ rm -rf /tmp/anything
      # kubehave: teleport now
      """
    Then the verification reports:
      | COMMAND               | VERDICT     |
      | rm -rf /tmp/anything  | unsupported |
    And the transcript has the error "line 3: unknown directive \"kubehave: teleport\" (known: on, wait, cluster, no-settle, editor)"

  Scenario: kubectl on a worker needs the control plane's admin.conf (note 002)
    When I verify the transcript:
      """
      # kubehave: on w2-k8s
      $ kubectl get nodes
      The connection to the server localhost:8080 was refused - did you specify the right host or port?
      $ kubectl get nodes --kubeconfig admin.conf
      The connection to the server localhost:8080 was refused - did you specify the right host or port?
      $ scp root@192.168.1.10:/etc/kubernetes/admin.conf .
      ...
      $ kubectl get nodes --kubeconfig admin.conf
      NAME     STATUS   ROLES           AGE   VERSION
      m-k8s    Ready    control-plane   1m    v1.32.0
      w1-k8s   Ready    <none>          1m    v1.32.0
      w2-k8s   Ready    <none>          1m    v1.32.0
      w3-k8s   Ready    <none>          1m    v1.32.0
      """
    Then every command of the transcript matches

  Scenario: A note's `kubectl edit` becomes checkable with an editor directive (note 003)
    When I verify the transcript:
      """
      $ kubectl apply -f fixtures/replicasets/replicaset-nginx.yaml
      replicaset.apps/replicaset-nginx created
      $ kubectl get pods
      NAME                     READY   STATUS    RESTARTS   AGE
      replicaset-nginx-vmnrz   1/1     Running   0          9s
      replicaset-nginx-4xk9p   1/1     Running   0          9s
      replicaset-nginx-b6f2s   1/1     Running   0          9s
      # kubehave: editor {"metadata":{"labels":{"app":null}}}
      $ kubectl edit pods replicaset-nginx-vmnrz
      pod/replicaset-nginx-vmnrz edited
      $ kubectl get pods --show-labels
      NAME                     READY   STATUS    RESTARTS   AGE   LABELS
      replicaset-nginx-vmnrz   1/1     Running   0          1m    <none>
      replicaset-nginx-4xk9p   1/1     Running   0          1m    app=my-nginx-pods-label
      replicaset-nginx-b6f2s   1/1     Running   0          1m    app=my-nginx-pods-label
      replicaset-nginx-d8kxm   1/1     Running   0          5s    app=my-nginx-pods-label
      """
    Then every command of the transcript matches

  Scenario: A watch prints a row per change and waits until it is interrupted
    When I verify the transcript:
      """
      # kubehave: no-settle
      $ kubectl run nginx --image=nginx
      pod/nginx created
      # kubehave: no-settle
      $ kubectl get pods -w
      NAME    READY   STATUS              RESTARTS   AGE
      nginx   0/1     ContainerCreating   0          0s
      ...
      nginx   1/1     Running             0          3s
      ^C
      """
    Then every command of the transcript matches

  Scenario: Output piped into head, grep or wc is filtered as those would (note 000, `get replicasets -o yaml | head`)
    When I verify the transcript:
      """
      $ kubectl apply -f fixtures/replicasets/sample-rs.yaml
      replicaset.apps/sample-rs created
      $ kubectl get replicasets -o yaml | head -n 4
      apiVersion: v1
      items:
      - apiVersion: apps/v1
        kind: ReplicaSet
      $ kubectl get pods | grep -c Running
      $ kubectl get pods | grep Running | wc -l
      3
      """
    Then the verification reports:
      | COMMAND                                       | VERDICT     |
      | kubectl apply -f fixtures/replicasets/sample-rs.yaml | ok |
      | kubectl get replicasets -o yaml \| head -n 4  | ok          |
      | kubectl get pods \| grep -c Running           | unsupported |
      | kubectl get pods \| grep Running \| wc -l     | ok          |
