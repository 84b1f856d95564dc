Feature: Liveness and startup probes restart a container that stopped answering
  A failed liveness probe, failureThreshold times in a row, makes the kubelet kill the container
  (with the pod's grace period) and start it again: RESTARTS goes up, and a container that keeps
  failing ends in CrashLoopBackOff, its restarts 10 s, 20 s, 40 s ... apart. Until a startup probe
  succeeds, the liveness and readiness probes do not count; a startup probe that fails too often
  kills the container as well. Probes run every periodSeconds from the container's start plus
  initialDelaySeconds.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: the Kubernetes docs' liveness-exec pod: the file goes after 30 s, the container is restarted
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-exec
        labels:
          test: liveness
      spec:
        containers:
        - name: liveness
          image: busybox
          args:
          - /bin/sh
          - -c
          - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
          livenessProbe:
            exec:
              command:
              - cat
              - /tmp/healthy
            initialDelaySeconds: 5
            periodSeconds: 5
      """
    And 40 seconds pass
    And I run "kubectl get pod liveness-exec"
    Then the output is:
      """
      NAME            READY   STATUS    RESTARTS   AGE
      liveness-exec   1/1     Running   0          40s
      """
    And the events of pod "liveness-exec" do not include reason "Killing"
    When 5 seconds pass
    Then the events of pod "liveness-exec" include:
      | TYPE    | REASON    | MESSAGE                                                                          | COUNT |
      | Warning | Unhealthy | Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory | 3     |
      | Normal  | Killing   | Container liveness failed liveness probe, will be restarted                      | 1     |
    When 1 minute passes
    And I run "kubectl get pod liveness-exec"
    Then the output is:
      """
      NAME            READY   STATUS    RESTARTS      AGE
      liveness-exec   1/1     Running   1 (31s ago)   105s
      """

  Scenario: a container whose health endpoint keeps failing is restarted with a growing back-off: CrashLoopBackOff
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          livenessProbe:
            httpGet:
              path: /
              port: 80
      """
    And the cluster settles
    And the health endpoint of pod "web" starts failing
    And 29 seconds pass
    Then container "nginx" of pod "web" has restarted 0 times
    When 1 second passes
    Then the events of pod "web" include:
      | TYPE    | REASON    | MESSAGE                                                 | COUNT |
      | Warning | Unhealthy | Liveness probe failed: HTTP probe failed with statuscode: 500 | 3     |
      | Normal  | Killing   | Container nginx failed liveness probe, will be restarted  | 1     |
    When 5 minutes pass
    And I run "kubectl get pod web"
    Then the output is:
      """
      NAME   READY   STATUS             RESTARTS      AGE
      web    0/1     CrashLoopBackOff   5 (47s ago)   5m34s
      """
    When the health endpoint of pod "web" stops failing
    And 10 minutes pass
    And I run "kubectl get pod web"
    Then the output is:
      """
      NAME   READY   STATUS    RESTARTS      AGE
      web    1/1     Running   6 (10m ago)   15m
      """

  Scenario: the docs' liveness-http pod: agnhost's /healthz answers 500 after 10 s
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-http
      spec:
        containers:
        - name: liveness
          image: registry.k8s.io/e2e-test-images/agnhost:2.40
          args:
          - liveness
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
              httpHeaders:
              - name: Custom-Header
                value: Awesome
            initialDelaySeconds: 3
            periodSeconds: 3
      """
    And 30 seconds pass
    Then the events of pod "liveness-http" include:
      | TYPE    | REASON    | MESSAGE                                                       |
      | Warning | Unhealthy | Liveness probe failed: HTTP probe failed with statuscode: 500 |
      | Normal  | Killing   | Container liveness failed liveness probe, will be restarted   |
    And container "liveness" of pod "liveness-http" has restarted 1 time
    When I run "kubectl describe pod liveness-http"
    Then the output is:
      """
      ...
          Liveness:       http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3
      ...
      """

  Scenario: liveness does not count before the startup probe succeeds
    A slow start: the app writes /tmp/started after 40 s. Without the startup probe the liveness
    probe (3 failures, 5 s apart) would kill it first.
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: slow
      spec:
        containers:
        - name: app
          image: busybox:1.36
          command: ["sh", "-c", "sleep 40; touch /tmp/started; sleep 3600"]
          startupProbe:
            exec:
              command: ["cat", "/tmp/started"]
            periodSeconds: 5
            failureThreshold: 12
          livenessProbe:
            exec:
              command: ["cat", "/tmp/started"]
            periodSeconds: 5
      """
    And 30 seconds pass
    And I run "kubectl get pod slow -o jsonpath='{.status.containerStatuses[0].started} {.status.containerStatuses[0].ready}'"
    Then the output is:
      """
      false false
      """
    When 20 seconds pass
    And I run "kubectl get pod slow -o jsonpath='{.status.containerStatuses[0].started} {.status.containerStatuses[0].ready} {.status.containerStatuses[0].restartCount}'"
    Then the output is:
      """
      true true 0
      """
    And the events of pod "slow" include:
      | TYPE    | REASON    | MESSAGE                                                                         |
      | Warning | Unhealthy | Startup probe failed: cat: can't open '/tmp/started': No such file or directory |
    And the events of pod "slow" do not include reason "Killing"

  Scenario: a startup probe that fails failureThreshold times kills the container
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: never-starts
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          startupProbe:
            httpGet:
              path: /healthz
              port: 80
            periodSeconds: 10
            failureThreshold: 3
      """
    And 25 seconds pass
    Then the events of pod "never-starts" include:
      | TYPE    | REASON    | MESSAGE                                                      | COUNT |
      | Warning | Unhealthy | Startup probe failed: HTTP probe failed with statuscode: 404 | 3     |
      | Normal  | Killing   | Container nginx failed startup probe, will be restarted      | 1     |
    When 5 seconds pass
    Then container "nginx" of pod "never-starts" has restarted 1 time

  Scenario: probes are validated as the API server does
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          livenessProbe:
            httpGet:
              port: 80
            tcpSocket:
              port: 80
            successThreshold: 2
          readinessProbe:
            periodSeconds: -1
      """
    Then the request is rejected with:
      """
      Pod "web" is invalid: [spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type, spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1, spec.containers[0].readinessProbe: Required value: must specify a handler type, spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0]
      """
    And the cluster is unchanged
