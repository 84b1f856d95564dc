Feature: An Ingress routes HTTP by host and path to Services, through an ingress controller
  Note 004: "Ingress는 L7 로드밸런서": an Ingress is a layer-7 load balancer in front of Services.
  The Ingress object only describes routes; an ingress controller (here ingress-nginx, installed
  from its bare-metal manifest, as a Deployment behind a NodePort Service) serves them. The
  controller picks the server by host (exact, then wildcard, then the catch-all), then the
  longest matching path (Exact before Prefix; Prefix by whole path elements), and proxies to a
  ready pod of the Service. What matches nothing gets its default backend's 404.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/ingress/ingress-nginx.yaml"
    And I apply "fixtures/deployments/sample-deployment-echo-nginx.yaml"
    And I apply "fixtures/services/sample-clusterip.yaml"
    And I apply "fixtures/pods/tools-pod.yaml"
    And the cluster settles

  Scenario: the controller serves an Ingress of its class: its node's address is the Ingress's, and requests reach the Service's pods
    When I run "kubectl get pods -n ingress-nginx -o wide"
    Then the output is:
      """
      NAME                                        READY   STATUS    RESTARTS   AGE   IP             NODE     NOMINATED NODE   READINESS GATES
      ingress-nginx-controller-55d6899cc4-kn86f   1/1     Running   0          17s   172.16.221.130   w1-k8s   <none>           <none>
      """
    When I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: sample-ingress
      spec:
        ingressClassName: nginx
        rules:
        - host: sample.example.com
          http:
            paths:
            - path: /app
              pathType: Prefix
              backend:
                service:
                  name: sample-clusterip
                  port:
                    number: 8080
      """
    And the cluster settles
    And I run "kubectl get ingress"
    Then the output is:
      """
      NAME             CLASS   HOSTS                ADDRESS         PORTS   AGE
      sample-ingress   nginx   sample.example.com   192.168.1.101   80      0s
      """
    When I run "kubectl exec tools -- curl -s -H 'Host: sample.example.com' http://ingress-nginx-controller.ingress-nginx/app/index.html"
    Then the output is:
      """
      Host=sample.example.com  Path=/app/index.html  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.221.130  XFF=172.16.132.1
      """
    When I run "kubectl exec tools -- curl -si -H 'Host: other.example.com' http://ingress-nginx-controller.ingress-nginx/app"
    Then the output is:
      """
      HTTP/1.1 404 Not Found
      Server: nginx
      Content-Type: text/html
      Content-Length: 146

      <html>
      <head><title>404 Not Found</title></head>
      <body>
      <center><h1>404 Not Found</h1></center>
      <hr><center>nginx</center>
      </body>
      </html>
      """
    When I run "kubectl describe ingress sample-ingress"
    Then the output is:
      """
      Name:             sample-ingress
      Labels:           <none>
      Namespace:        default
      Address:          192.168.1.101
      Ingress Class:    nginx
      Default backend:  <default>
      Rules:
        Host                Path  Backends
        ----                ----  --------
        sample.example.com
                            /app   sample-clusterip:8080 (172.16.103.129:80,172.16.132.2:80,172.16.221.129:80)
      Annotations:          <none>
      Events:               <none>
      """

  Scenario: from outside, through the controller's node port on any node
    When I run "kubectl patch service ingress-nginx-controller -n ingress-nginx --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/ports/0/nodePort\",\"value\":30080}]'"
    And I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: sample-ingress
      spec:
        ingressClassName: nginx
        defaultBackend:
          service:
            name: sample-clusterip
            port:
              number: 8080
      """
    And I run "curl -s 192.168.1.101:30080/anything" on node "m-k8s"
    Then the output is:
      """
      Host=192.168.1.101:30080  Path=/anything  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.221.130  XFF=192.168.1.10
      """

  Scenario: the longest matching path wins, Exact before Prefix, and Prefix matches whole path elements
    When I run "kubectl create deployment web --image=httpd"
    And I run "kubectl expose deployment web --port=80"
    And I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: paths
      spec:
        ingressClassName: nginx
        rules:
        - http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
            - path: /app
              pathType: Prefix
              backend:
                service:
                  name: sample-clusterip
                  port:
                    number: 8080
            - path: /app/web
              pathType: Exact
              backend:
                service:
                  name: web
                  port:
                    number: 80
      """
    And the cluster settles
    And I run "kubectl exec tools -- curl -s http://ingress-nginx-controller.ingress-nginx/app/x"
    Then the output is:
      """
      Host=ingress-nginx-controller.ingress-nginx  Path=/app/x  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.221.130  XFF=172.16.132.1
      """
    When I run "kubectl exec tools -- curl -s http://ingress-nginx-controller.ingress-nginx/app/web"
    Then the output is:
      """
      <html><body><h1>It works!</h1></body></html>
      """
    When I run "kubectl exec tools -- curl -s http://ingress-nginx-controller.ingress-nginx/app/web/more"
    Then the output is:
      """
      Host=ingress-nginx-controller.ingress-nginx  Path=/app/web/more  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.221.130  XFF=172.16.132.1
      """
    When I run "kubectl exec tools -- curl -s http://ingress-nginx-controller.ingress-nginx/application"
    Then the output is:
      """
      <html><body><h1>It works!</h1></body></html>
      """

  Scenario: a host's server never falls back to the catch-all; a wildcard covers exactly one label
    When I run "kubectl create deployment web --image=httpd"
    And I run "kubectl expose deployment web --port=80"
    And I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: hosts
      spec:
        ingressClassName: nginx
        rules:
        - host: "*.example.com"
          http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service:
                  name: sample-clusterip
                  port:
                    number: 8080
        - host: api.example.com
          http:
            paths:
            - path: /v1
              pathType: Prefix
              backend:
                service:
                  name: sample-clusterip
                  port:
                    number: 8080
        - http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
      """
    And the cluster settles
    And I run "kubectl get ingress hosts"
    Then the output is:
      """
      NAME    CLASS   HOSTS                           ADDRESS         PORTS   AGE
      hosts   nginx   *.example.com,api.example.com   192.168.1.101   80      0s
      """
    When I run "kubectl exec tools -- curl -s -H 'Host: www.example.com' http://ingress-nginx-controller.ingress-nginx/"
    Then the output is:
      """
      Host=www.example.com  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.*  XFF=172.16.*
      """
    When I run "kubectl exec tools -- curl -s -o /dev/null -w '%{http_code}\n' -H 'Host: api.example.com' http://ingress-nginx-controller.ingress-nginx/v1/users"
    Then the output is:
      """
      200
      """
    When I run "kubectl exec tools -- curl -s -o /dev/null -w '%{http_code}\n' -H 'Host: api.example.com' http://ingress-nginx-controller.ingress-nginx/"
    Then the output is:
      """
      404
      """
    When I run "kubectl exec tools -- curl -s -H 'Host: a.b.example.com' http://ingress-nginx-controller.ingress-nginx/"
    Then the output is:
      """
      <html><body><h1>It works!</h1></body></html>
      """
    When I run "kubectl exec tools -- curl -s -H 'Host: example.com' http://ingress-nginx-controller.ingress-nginx/"
    Then the output is:
      """
      <html><body><h1>It works!</h1></body></html>
      """

  Scenario: the bare-metal controller serves only Ingresses of its class; a default IngressClass gives new Ingresses one
    When I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: classless
      spec:
        defaultBackend:
          service:
            name: sample-clusterip
            port:
              number: 8080
      """
    And the cluster settles
    And I run "kubectl get ingress classless"
    Then the output is:
      """
      NAME        CLASS    HOSTS   ADDRESS   PORTS   AGE
      classless   <none>   *                 80      0s
      """
    When I run "kubectl exec tools -- curl -s -o /dev/null -w '%{http_code}\n' http://ingress-nginx-controller.ingress-nginx/"
    Then the output is:
      """
      404
      """
    When I run "kubectl annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class=true"
    And I run "kubectl delete ingress classless"
    And I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: classless
      spec:
        defaultBackend:
          service:
            name: sample-clusterip
            port:
              number: 8080
      """
    And the cluster settles
    And I run "kubectl get ingress classless"
    Then the output is:
      """
      NAME        CLASS   HOSTS   ADDRESS         PORTS   AGE
      classless   nginx   *       192.168.1.101   80      0s
      """
    When I run "kubectl exec tools -- curl -s -o /dev/null -w '%{http_code}\n' http://ingress-nginx-controller.ingress-nginx/"
    Then the output is:
      """
      200
      """
    When I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata:
        name: other
        annotations:
          ingressclass.kubernetes.io/is-default-class: "true"
      spec:
        controller: example.com/other-controller
      """
    And I run "kubectl create -f fixtures/ingress/minimal-ingress.yaml"
    Then the command fails with:
      """
      Error from server (Forbidden): error when creating "fixtures/ingress/minimal-ingress.yaml": ingresses.networking.k8s.io "minimal-ingress" is forbidden: Internal error occurred: 2 default IngressClasses were found, only 1 allowed
      """
    And ingress "minimal-ingress" does not exist
    When I run "kubectl get ingressclass"
    Then the output is:
      """
      NAME    CONTROLLER                     PARAMETERS   AGE
      nginx   k8s.io/ingress-nginx           <none>       30s
      other   example.com/other-controller   <none>       0s
      """

  Scenario: a backend without ready pods answers 503; describe names a Service that does not exist
    When I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: backends
      spec:
        ingressClassName: nginx
        rules:
        - http:
            paths:
            - path: /app
              pathType: Prefix
              backend:
                service:
                  name: sample-clusterip
                  port:
                    number: 8080
            - path: /gone
              pathType: Prefix
              backend:
                service:
                  name: no-such-service
                  port:
                    name: http
      """
    And I run "kubectl scale deployment sample-deployment --replicas=0"
    And the cluster settles
    And I run "kubectl exec tools -- curl -si http://ingress-nginx-controller.ingress-nginx/app"
    Then the output is:
      """
      HTTP/1.1 503 Service Temporarily Unavailable
      Server: nginx
      Content-Type: text/html
      Content-Length: 190

      <html>
      <head><title>503 Service Temporarily Unavailable</title></head>
      <body>
      <center><h1>503 Service Temporarily Unavailable</h1></center>
      <hr><center>nginx</center>
      </body>
      </html>
      """
    When I run "kubectl describe ingress backends"
    Then the output is:
      """
      Name:             backends
      Labels:           <none>
      Namespace:        default
      Address:          192.168.1.101
      Ingress Class:    nginx
      Default backend:  <default>
      Rules:
        Host        Path  Backends
        ----        ----  --------
        *
                    /app    sample-clusterip:8080 ()
                    /gone   no-such-service:http (<error: services "no-such-service" not found>)
      Annotations:  <none>
      Events:       <none>
      """

  Scenario: the API server rejects an Ingress it cannot route, in its own words, and nothing is created
    When I run "kubectl apply -f fixtures/ingress/invalid-ingress.yaml"
    Then the command fails with:
      """
      The Ingress "invalid-ingress" is invalid: 
      * spec.rules[0].host: Invalid value: "192.168.1.10": must be a DNS name, not an IP address
      * spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified
      * spec.rules[0].http.paths[1].path: Invalid value: "app": must be an absolute path
      * spec.rules[0].http.paths[2].backend: Invalid value: "": cannot set both port name & port number
      * spec.rules[0].http.paths[3].backend.service.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')
      """
    And ingress "invalid-ingress" does not exist
    When I apply:
      """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata:
        name: broken
      spec:
        controller: nginx
      """
    Then the request is rejected with:
      """
      IngressClass.networking.k8s.io "broken" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")
      """
