Feature: kubectl logs shows what a container wrote
  Note 003: after a request from a worker node reaches the nginx pod, `kubectl logs` shows it in
  nginx's access log. A container's log is what its command printed (echo, printf, date) and
  what its server logged; `--previous` shows the container that ran before the last restart.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: note 003's nginx pod logs the request a worker sent it
    When I apply "fixtures/pods/nginx-pod.yaml"
    And the cluster settles
    And I run "kubectl get pod my-nginx-pod -o jsonpath={.status.podIP}"
    Then the output is:
      """
      172.16.132.1
      """
    When I run "kubectl logs my-nginx-pod"
    Then the output is:
      """
      """
    When I run "curl -s 172.16.132.1" on node "w2-k8s"
    And I run "curl -sI 172.16.132.1/missing.html" on node "w1-k8s"
    And I run "kubectl logs my-nginx-pod"
    Then the output is:
      """
      192.168.1.102 - - [01/Jan/2025:00:00:04 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.81.0" "-"
      192.168.1.101 - - [01/Jan/2025:00:00:04 +0000] "HEAD /missing.html HTTP/1.1" 404 0 "-" "curl/7.81.0" "-"
      """
    When I run "kubectl logs my-nginx-pod --tail=1"
    Then the output is:
      """
      192.168.1.101 - - [01/Jan/2025:00:00:04 +0000] "HEAD /missing.html HTTP/1.1" 404 0 "-" "curl/7.81.0" "-"
      """

  Scenario: a command's output, with the times the runtime recorded it
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: hello
      spec:
        restartPolicy: Never
        containers:
        - name: hello
          image: busybox:1.36
          command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster; sleep 5; echo done"]
      """
    And 2 seconds pass
    And I run "kubectl logs hello"
    Then the command fails with:
      """
      Error from server (BadRequest): container "hello" in pod "hello" is waiting to start: ContainerCreating
      """
    When 1 second passes
    And I run "kubectl logs hello --timestamps"
    Then the output is:
      """
      2025-01-01T00:00:02.500000000Z Wed Jan  1 00:00:02 UTC 2025
      2025-01-01T00:00:02.500000000Z Hello from the Kubernetes cluster
      """
    When the cluster settles
    And I run "kubectl logs hello"
    Then the output is:
      """
      Wed Jan  1 00:00:02 UTC 2025
      Hello from the Kubernetes cluster
      done
      """
    When I run "kubectl logs hello --previous"
    Then the command fails with:
      """
      Error from server (BadRequest): previous terminated container "hello" in pod "hello" not found
      """

  Scenario: a crashing container's last run, and with --previous the one before a restart
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: crasher
      spec:
        containers:
        - name: app
          image: busybox:1.36
          command: ["sh", "-c", "echo starting; sleep 2; echo giving up; exit 1"]
        - name: sidecar
          image: busybox:1.36
          command: ["sh", "-c", "echo sidecar up; sleep infinity"]
      """
    And 20 seconds pass
    And I run "kubectl get pod crasher"
    Then the output is:
      """
      NAME      READY   STATUS             RESTARTS      AGE
      crasher   1/2     CrashLoopBackOff   2 (1s ago)   20s
      """
    When I run "kubectl logs crasher"
    Then the output is:
      """
      Defaulted container "app" out of: app, sidecar
      starting
      giving up
      """
    When I run "kubectl logs crasher -c sidecar"
    Then the output is:
      """
      sidecar up
      """
    When I run "kubectl logs crasher -c app --previous --timestamps"
    Then the output is:
      """
      2025-01-01T00:00:*Z starting
      2025-01-01T00:00:*Z giving up
      """
    When I run "kubectl logs crasher -c nope"
    Then the command fails with:
      """
      Error from server (BadRequest): container nope is not valid for pod crasher
      """

  Scenario: a probed nginx logs the kubelet's probes, every period, beside the other requests
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: probed
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          ports:
          - containerPort: 80
          readinessProbe:
            httpGet:
              path: /
              port: 80
            initialDelaySeconds: 2
            periodSeconds: 5
      """
    And 12 seconds pass
    And I run "curl -s -o /dev/null 172.16.132.1/index.html" on node "w1-k8s"
    And I run "kubectl logs probed"
    Then the output is:
      """
      192.168.1.103 - - [01/Jan/2025:00:00:06 +0000] "GET / HTTP/1.1" 200 612 "-" "kube-probe/1.32" "-"
      192.168.1.103 - - [01/Jan/2025:00:00:11 +0000] "GET / HTTP/1.1" 200 612 "-" "kube-probe/1.32" "-"
      192.168.1.101 - - [01/Jan/2025:00:00:12 +0000] "GET /index.html HTTP/1.1" 200 612 "-" "curl/7.81.0" "-"
      """
