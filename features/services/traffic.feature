Feature: Requests to a Service reach a ready pod behind it
  Note 000 checks a ClusterIP Service from inside the cluster: a throwaway pod runs curl against
  the Service's IP and port, and the answer names the pod that served it (amsy810/echo-nginx
  echoes its hostname). kube-proxy spreads requests over the ready endpoints; inside a pod the
  Service's name resolves through cluster DNS.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/deployments/sample-deployment-echo-nginx.yaml"
    And I apply "fixtures/services/sample-clusterip.yaml"
    And the cluster settles

  Scenario: note 000's throwaway pod curls the ClusterIP and one of the pods answers
    When I run "kubectl get services sample-clusterip"
    Then the output is:
      """
      NAME               TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)    AGE
      sample-clusterip   ClusterIP   10.98.39.202   <none>        8080/TCP   5s
      """
    When I run "kubectl run --image=amsy810/tools:v2.0 --restart=Never --rm -i testpod --command -- curl -s http://10.98.39.202:8080"
    Then the output is:
      """
      Host=10.98.39.202:8080  Path=/  From=sample-deployment-58986d7f5c-p6wmm  ClientIP=172.16.103.130  XFF=
      pod "testpod" deleted
      """
    And pod "testpod" does not exist

  Scenario: kube-proxy spreads requests over every ready pod; ClientIP affinity keeps a client on one
    When I apply "fixtures/pods/nginx-pod.yaml"
    And the cluster settles
    Then 30 requests from pod "my-nginx-pod" to "http://sample-clusterip:8080" reach 3 different pods
    When I run "kubectl patch svc sample-clusterip -p '{\"spec\":{\"sessionAffinity\":\"ClientIP\"}}'"
    Then 30 requests from pod "my-nginx-pod" to "http://sample-clusterip.default.svc.cluster.local:8080" reach 1 different pod

  Scenario: a Service with no ready endpoint refuses the connection; an unknown name does not resolve
    When I apply "fixtures/pods/nginx-pod.yaml"
    And I run "kubectl scale deployment sample-deployment --replicas=0"
    And the cluster settles
    And I run "kubectl exec my-nginx-pod -- curl -sS http://sample-clusterip:8080"
    Then the command fails with:
      """
      curl: (7) Failed to connect to sample-clusterip port 8080 after 0 ms: Connection refused
      command terminated with exit code 7
      """
    When I run "kubectl exec my-nginx-pod -- curl -sS http://sample-clusterp:8080"
    Then the command fails with:
      """
      curl: (6) Could not resolve host: sample-clusterp
      command terminated with exit code 6
      """

  Scenario: a node reaches a ClusterIP through kube-proxy, but not by the Service's name
    When I run "kubectl get svc sample-clusterip -o jsonpath='{.spec.clusterIP}'"
    Then the output is:
      """
      10.98.39.202
      """
    When I run "curl -s 10.98.39.202:8080" on node "w1-k8s"
    Then the output is:
      """
      Host=10.98.39.202:8080  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=192.168.1.101  XFF=
      """
    When I run "curl -sS sample-clusterip:8080" on node "w1-k8s"
    Then the command fails with:
      """
      curl: (6) Could not resolve host: sample-clusterip
      """

  Scenario: a NodePort Service answers on every node's address
    When I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: sample-nodeport
      spec:
        type: NodePort
        selector:
          app: sample-app
        ports:
        - name: http-port
          port: 8080
          targetPort: 80
          nodePort: 30080
      """
    And I run "curl -s 192.168.1.103:30080" on node "m-k8s"
    Then the output is:
      """
      Host=192.168.1.103:30080  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=192.168.1.10  XFF=
      """

  Scenario: a LoadBalancer Service stays pending on a bare cluster; with a provider it gets an address that answers
    When I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: sample-lb
      spec:
        type: LoadBalancer
        selector:
          app: sample-app
        ports:
        - name: http-port
          port: 8080
          targetPort: 80
      """
    And the cluster settles
    And I run "kubectl get svc sample-lb"
    Then the output is:
      """
      NAME        TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE
      sample-lb   LoadBalancer   10.103.7.88    <pending>     8080:31613/TCP   0s
      """
    Given a load-balancer provider hands out "192.168.1.240-192.168.1.250"
    When I run "kubectl delete svc sample-lb"
    And I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: sample-lb
      spec:
        type: LoadBalancer
        selector:
          app: sample-app
        ports:
        - name: http-port
          port: 8080
          targetPort: 80
      """
    And the cluster settles
    And I run "kubectl get svc sample-lb"
    Then the output is:
      """
      NAME        TYPE           CLUSTER-IP     EXTERNAL-IP     PORT(S)          AGE
      sample-lb   LoadBalancer   10.104.55.12   192.168.1.240   8080:30975/TCP   0s
      """
    And the events of service "sample-lb" include:
      | REASON               | MESSAGE                |
      | EnsuringLoadBalancer | Ensuring load balancer |
      | EnsuredLoadBalancer  | Ensured load balancer  |
    When I run "curl -s 192.168.1.240:8080" on node "m-k8s"
    Then the output is:
      """
      Host=192.168.1.240:8080  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=192.168.1.10  XFF=
      """
