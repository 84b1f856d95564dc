Feature: Cluster DNS names Services, a headless Service's pods, and ExternalName aliases
  Note 004 lists the Service types: a ClusterIP name resolves to the Service's IP; a headless
  Service (`clusterIP: None`) cannot be called as one address, and nslookup shows the pods behind
  it; an ExternalName Service is an alias, a CNAME in cluster DNS; externalIPs are extra addresses
  kube-proxy answers the Service's port on.

  Background:
    Given a cluster with 3 worker nodes
    And I apply "fixtures/deployments/sample-deployment-echo-nginx.yaml"
    And I apply "fixtures/services/sample-clusterip.yaml"
    And I apply "fixtures/pods/tools-pod.yaml"
    And the cluster settles

  Scenario: a ClusterIP Service's name resolves to its ClusterIP, by every name the search list allows
    When I run "kubectl exec tools -- nslookup sample-clusterip"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      Name:	sample-clusterip.default.svc.cluster.local
      Address: 10.98.39.202

      """
    When I run "kubectl exec tools -- nslookup sample-clusterip.default.svc"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      Name:	sample-clusterip.default.svc.cluster.local
      Address: 10.98.39.202

      """
    When I run "kubectl exec tools -- nslookup sample-clusterip.kube-system"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      ** server can't find sample-clusterip.kube-system: NXDOMAIN

      command terminated with exit code 1
      """

  Scenario: a headless Service's name answers with every ready pod behind it
    When I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: sample-headless
      spec:
        clusterIP: None
        selector:
          app: sample-app
        ports:
        - name: http-port
          port: 80
          targetPort: 80
      """
    And the cluster settles
    And I run "kubectl exec tools -- nslookup sample-headless"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      Name:	sample-headless.default.svc.cluster.local
      Address: 172.16.*
      Name:	sample-headless.default.svc.cluster.local
      Address: 172.16.*
      Name:	sample-headless.default.svc.cluster.local
      Address: 172.16.*

      """
    When I run "kubectl scale deployment sample-deployment --replicas=1"
    And the cluster settles
    And I run "kubectl exec tools -- nslookup sample-headless"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      Name:	sample-headless.default.svc.cluster.local
      Address: 172.16.*

      """
    When I run "kubectl exec tools -- curl -s http://sample-headless"
    Then the output is:
      """
      Host=sample-headless  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.*  XFF=
      """

  Scenario: an ExternalName Service is a CNAME; an in-cluster target resolves through it, an outside one does not here
    When I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: sample-externalname
      spec:
        type: ExternalName
        externalName: sample-clusterip.default.svc.cluster.local
      """
    And I run "kubectl get service sample-externalname"
    Then the output is:
      """
      NAME                  TYPE           CLUSTER-IP   EXTERNAL-IP                                  PORT(S)   AGE
      sample-externalname   ExternalName   <none>       sample-clusterip.default.svc.cluster.local   <none>    0s
      """
    When I run "kubectl exec tools -- nslookup sample-externalname"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      sample-externalname.default.svc.cluster.local	canonical name = sample-clusterip.default.svc.cluster.local.
      Name:	sample-clusterip.default.svc.cluster.local
      Address: 10.98.39.202

      """
    When I run "kubectl exec tools -- curl -s http://sample-externalname:8080"
    Then the output is:
      """
      Host=sample-externalname:8080  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=172.16.*  XFF=
      """
    When I run "kubectl patch service sample-externalname -p '{\"spec\":{\"externalName\":\"example.com\"}}'"
    And I run "kubectl exec tools -- nslookup sample-externalname"
    Then the output is:
      """
      Server:		10.96.0.10
      Address:	10.96.0.10#53

      sample-externalname.default.svc.cluster.local	canonical name = example.com.
      ** server can't find example.com: NXDOMAIN

      command terminated with exit code 1
      """

  Scenario: kube-proxy answers a Service's port on its externalIPs too
    When I run "kubectl patch service sample-clusterip -p '{\"spec\":{\"externalIPs\":[\"192.168.1.200\"]}}'"
    And I run "kubectl get service sample-clusterip"
    Then the output is:
      """
      NAME               TYPE        CLUSTER-IP     EXTERNAL-IP     PORT(S)    AGE
      sample-clusterip   ClusterIP   10.98.39.202   192.168.1.200   8080/TCP   5s
      """
    When I run "curl -s 192.168.1.200:8080" on node "w2-k8s"
    Then the output is:
      """
      Host=192.168.1.200:8080  Path=/  From=sample-deployment-58986d7f5c-*  ClientIP=192.168.1.102  XFF=
      """
    When I run "curl -sS 192.168.1.200:80" on node "w2-k8s"
    Then the command fails with:
      """
      curl: (7) Failed to connect to 192.168.1.200 port 80 after 0 ms: Connection refused
      """

  Scenario: nslookup runs where the image has it
    When I apply "fixtures/pods/nginx-pod.yaml"
    And the cluster settles
    And I run "kubectl exec my-nginx-pod -- nslookup sample-clusterip"
    Then the command fails with:
      """
      kubehave: nslookup is simulated only in images with dnsutils (amsy810/tools, e2e-test-images/jessie-dnsutils), not in nginx:latest
      """
