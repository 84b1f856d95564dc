Feature: A readiness probe decides when a pod takes traffic
  A container is ready only once its readiness probe succeeds: after initialDelaySeconds, and for
  as long as what it probes answers. A pod that is not ready keeps running but leaves its
  Services' endpoints. The probes run against the simulated servers: nginx answers / with 200 and
  any other path with 404.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: the pod becomes ready when the initial delay is over, and only then joins the endpoints
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app: web
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          readinessProbe:
            httpGet:
              path: /
              port: 80
            initialDelaySeconds: 20
      """
    And I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
        - port: 80
      """
    And 10 seconds pass
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME   READY   STATUS    RESTARTS   AGE
      web    0/1     Running   0          10s
      """
    When I run "kubectl get endpoints web -o jsonpath='{.subsets[0].notReadyAddresses[0].targetRef.name}'"
    Then the output is:
      """
      web
      """
    When 20 seconds pass
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME   READY   STATUS    RESTARTS   AGE
      web    1/1     Running   0          30s
      """
    When I run "kubectl get endpoints web"
    Then the output is:
      """
      NAME   ENDPOINTS           AGE
      web    172.16.103.129:80   30s
      """
    And every invariant holds

  Scenario: a probe of a path nginx does not serve never succeeds: Running, never ready
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
          readinessProbe:
            httpGet:
              path: /healthz
              port: 80
      """
    And the cluster settles
    And 2 minutes pass
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME   READY   STATUS    RESTARTS   AGE
      web    0/1     Running   0          2m4s
      """

  Scenario: readiness goes after failureThreshold failed probes and comes back with the first success
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app: web
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 5
            failureThreshold: 3
      """
    And I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
        - port: 80
      """
    And the cluster settles
    And the health endpoint of pod "web" starts failing
    And 10 seconds pass
    Then pod "web" is ready
    When 5 seconds pass
    Then pod "web" is not ready
    And the events of pod "web" include:
      | TYPE    | REASON    | MESSAGE                                                        | COUNT |
      | Warning | Unhealthy | Readiness probe failed: HTTP probe failed with statuscode: 500 | 3     |
    And the events of pod "web" do not include reason "Killing"
    When I run "kubectl get endpoints web"
    Then the output is:
      """
      NAME   ENDPOINTS   AGE
      web                19s
      """
    When the health endpoint of pod "web" stops failing
    And 5 seconds pass
    Then pod "web" is ready
    When I run "kubectl get pods"
    Then the output is:
      """
      NAME   READY   STATUS    RESTARTS   AGE
      web    1/1     Running   0          24s
      """

  Scenario: removing nginx's index page fails its readiness probe; putting it back restores it
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app: web
      spec:
        containers:
        - name: nginx
          image: nginx:1.16
          readinessProbe:
            httpGet:
              path: /
              port: 80
            periodSeconds: 5
      """
    And the cluster settles
    And I run "kubectl exec web -- rm /usr/share/nginx/html/index.html"
    Then the command succeeds
    When I run "kubectl exec web -- rm /usr/share/nginx/html/index.html"
    Then the command fails with:
      """
      rm: cannot remove '/usr/share/nginx/html/index.html': No such file or directory
      command terminated with exit code 1
      """
    When 15 seconds pass
    Then pod "web" is not ready
    And the events of pod "web" include:
      | TYPE    | REASON    | MESSAGE                                                        |
      | Warning | Unhealthy | Readiness probe failed: HTTP probe failed with statuscode: 403 |
    When I run "kubectl exec web -- touch /usr/share/nginx/html/index.html"
    And 5 seconds pass
    Then pod "web" is ready
