Feature: A Service gives the pods its selector picks one virtual IP
  Note 000: a ClusterIP Service sends traffic, by its selector, to the pods labelled app=sample-app;
  its Endpoints list where that traffic goes, and follow the pods as they come and go. Every
  cluster starts with the `kubernetes` Service, the API server's own.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: the kubernetes Service is there from the start, with the API server behind it
    When I run "kubectl get services"
    Then the output is:
      """
      NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
      kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s
      """
    When I run "kubectl describe svc kubernetes"
    Then the output is:
      """
      Name:                     kubernetes
      Namespace:                default
      Labels:                   component=apiserver
                                provider=kubernetes
      Annotations:              <none>
      Selector:                 <none>
      Type:                     ClusterIP
      IP Family Policy:         SingleStack
      IP Families:              IPv4
      IP:                       10.96.0.1
      IPs:                      10.96.0.1
      Port:                     https  443/TCP
      TargetPort:               6443/TCP
      Endpoints:                192.168.1.10:6443
      Session Affinity:         None
      Internal Traffic Policy:  Cluster
      Events:                   <none>
      """

  Scenario: the ClusterIP Service of note 000 lists the sample-app pods as its endpoints, and follows them
    When I apply "fixtures/deployments/sample-deployment.yaml"
    And I run "kubectl apply -f fixtures/services/sample-clusterip.yaml"
    Then the output is:
      """
      service/sample-clusterip created
      """
    When the cluster settles
    And I run "kubectl get services sample-clusterip"
    Then the output is:
      """
      NAME               TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)    AGE
      sample-clusterip   ClusterIP   10.98.39.202   <none>        8080/TCP   4s
      """
    When I run "kubectl get pods -l app=sample-app -o custom-columns=NAME:{metadata.name},IP:{status.podIP}"
    Then the output is:
      """
      NAME                                 IP
      sample-deployment-7c67dd9675-87v5d   172.16.103.129
      sample-deployment-7c67dd9675-bm2xq   172.16.132.1
      sample-deployment-7c67dd9675-q4kzr   172.16.221.129
      """
    When I run "kubectl describe service sample-clusterip"
    Then the output is:
      """
      Name:                     sample-clusterip
      Namespace:                default
      Labels:                   <none>
      Annotations:              <none>
      Selector:                 app=sample-app
      Type:                     ClusterIP
      IP Family Policy:         SingleStack
      IP Families:              IPv4
      IP:                       10.98.39.202
      IPs:                      10.98.39.202
      Port:                     http-port  8080/TCP
      TargetPort:               80/TCP
      Endpoints:                172.16.103.129:80,172.16.132.1:80,172.16.221.129:80
      Session Affinity:         None
      Internal Traffic Policy:  Cluster
      Events:                   <none>
      """
    When I run "kubectl scale deployment sample-deployment --replicas=1"
    And the cluster settles
    And I run "kubectl get endpoints sample-clusterip"
    Then the output is:
      """
      NAME               ENDPOINTS           AGE
      sample-clusterip   172.16.221.129:80   35s
      """
    When I run "kubectl get endpointslices -l kubernetes.io/service-name=sample-clusterip"
    Then the output is:
      """
      NAME                     ADDRESSTYPE   PORTS   ENDPOINTS        AGE
      sample-clusterip-nbrsx   IPv4          80      172.16.221.129   35s
      """
    When I run "kubectl describe endpointslices -l kubernetes.io/service-name=sample-clusterip"
    Then the output is:
      """
      Name:         sample-clusterip-nbrsx
      Namespace:    default
      Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
                    kubernetes.io/service-name=sample-clusterip
      Annotations:  <none>
      AddressType:  IPv4
      Ports:
        Name       Port  Protocol
        ----       ----  --------
        http-port  80    TCP
      Endpoints:
        - Addresses:  172.16.221.129
          Conditions:
            Ready:    true
          Hostname:   <unset>
          TargetRef:  Pod/sample-deployment-7c67dd9675-q4kzr
          NodeName:   w1-k8s
          Zone:       <unset>
      Events:         <none>
      """
    When I run "kubectl describe endpoints sample-clusterip"
    Then the output is:
      """
      Name:         sample-clusterip
      Namespace:    default
      Labels:       <none>
      Annotations:  <none>
      Subsets:
        Addresses:          172.16.221.129
        NotReadyAddresses:  <none>
        Ports:
          Name       Port  Protocol
          ----       ----  --------
          http-port  80    TCP

      Events:  <none>
      """
    And every invariant holds

  Scenario: the second printing's typo (`prot: 8080`) is an unknown field, and nothing is created
    When I run "kubectl apply -f fixtures/services/sample-clusterip-typo.yaml"
    Then the output is:
      """
      Error from server (BadRequest): error when creating "fixtures/services/sample-clusterip-typo.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].prot"
      """
    And the cluster is unchanged

  Scenario: a named targetPort is resolved per pod, so one Service reaches port 80 on one pod and 81 on the other
    When I apply:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: sample-named-port-pod-80
        labels:
          app: sample-app
      spec:
        containers:
        - name: nginx-container
          image: amsy810/echo-nginx:v2.0
          ports:
          - name: http
            containerPort: 80
      """
    And I apply "fixtures/pods/sample-named-port-pod-81.yaml"
    And I apply "fixtures/services/sample-named-port-service.yaml"
    And the cluster settles
    And I run "kubectl get endpoints sample-named-port-service"
    Then the output is:
      """
      NAME                        ENDPOINTS                         AGE
      sample-named-port-service   172.16.103.129:80,172.16.132.1:81   5s
      """
    # a pod that is not ready keeps its IP but leaves the addresses traffic goes to
    When container "nginx-container" of pod "sample-named-port-pod-80" crashes
    And the control loops catch up
    And I run "kubectl get endpoints sample-named-port-service"
    Then the output is:
      """
      NAME                        ENDPOINTS           AGE
      sample-named-port-service   172.16.132.1:81     5s
      """
    When I run "kubectl get endpoints sample-named-port-service -o jsonpath='{.subsets[*].notReadyAddresses[*].targetRef.name}'"
    Then the output is:
      """
      sample-named-port-pod-80
      """

  Scenario: the API server checks a Service's ports, and allocates node ports in its range
    When I create "fixtures/services/sample-clusterip-multi.yaml"
    Then the request is accepted
    When I create:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: two-ports
      spec:
        selector:
          app: sample-app
        ports:
        - port: 8080
        - port: 8443
      """
    Then the request is rejected with:
      """
      Service "two-ports" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]
      """
    When I create:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: low-node-port
      spec:
        type: NodePort
        selector:
          app: sample-app
        ports:
        - port: 8080
          nodePort: 8080
      """
    Then the request is rejected with:
      """
      Service "low-node-port" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767
      """
    When I create:
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
    Then the request is accepted
    When I create:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: sample-nodeport-2
      spec:
        type: NodePort
        selector:
          app: sample-app
        ports:
        - port: 8080
          nodePort: 30080
      """
    Then the request is rejected with:
      """
      Service "sample-nodeport-2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated
      """
    When I create:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: taken-ip
      spec:
        clusterIP: 10.96.0.1
        ports:
        - port: 80
      """
    Then the request is rejected with:
      """
      Service "taken-ip" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated
      """
    When I run "kubectl get svc"
    Then the output is:
      """
      NAME                     TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)             AGE
      kubernetes               ClusterIP   10.96.0.1      <none>        443/TCP             0s
      sample-clusterip-multi   ClusterIP   10.98.39.202   <none>        8080/TCP,8443/TCP   0s
      sample-nodeport          NodePort    10.103.7.88    <none>        8080:30080/TCP      0s
      """

  Scenario: a StatefulSet's governing headless Service has no ClusterIP and names each pod in its endpoints
    When I apply:
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: nginx
        labels:
          app: nginx
      spec:
        clusterIP: None
        selector:
          app: nginx
        ports:
        - port: 80
          name: web
      """
    And I apply "fixtures/statefulsets/standard-storageclass.yaml"
    And I apply "fixtures/statefulsets/web.yaml"
    And the cluster settles
    And I run "kubectl get svc nginx"
    Then the output is:
      """
      NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
      nginx   ClusterIP   None         <none>        80/TCP    13s
      """
    # addresses are listed in IP order
    When I run "kubectl get endpoints nginx -o jsonpath='{.subsets[0].addresses[*].hostname}'"
    Then the output is:
      """
      web-2 web-0 web-1
      """
    And endpoints "nginx" has the label "service.kubernetes.io/headless="
    # each pod has a stable DNS name under the governing Service: <pod>.<service>
    When I run "kubectl exec web-2 -- curl -s -I http://web-0.nginx"
    Then the output is:
      """
      HTTP/1.1 200 OK
      ...
      """
    When I run "kubectl exec web-2 -- curl -sS http://web-7.nginx.default.svc.cluster.local"
    Then the command fails with:
      """
      curl: (6) Could not resolve host: web-7.nginx.default.svc.cluster.local
      command terminated with exit code 6
      """

  Scenario: kubectl expose and kubectl create service write the Services kubectl's generators write
    When I apply "fixtures/deployments/sample-deployment.yaml"
    And I run "kubectl expose deployment sample-deployment --port=8080 --target-port=80 --type=NodePort"
    Then the output is:
      """
      service/sample-deployment exposed
      """
    When I run "kubectl create service clusterip web --tcp=5678:8080"
    Then the output is:
      """
      service/web created
      """
    When the cluster settles
    And I run "kubectl get svc -o wide"
    Then the output is:
      """
      NAME                TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE   SELECTOR
      kubernetes          ClusterIP   10.96.0.1      <none>        443/TCP          4s    <none>
      sample-deployment   NodePort    10.98.39.202   <none>        8080:30521/TCP   4s    app=sample-app
      web                 ClusterIP   10.103.7.88    <none>        5678/TCP         4s    app=web
      """
    And service "web" has "spec.ports[0].name" set to "5678-8080"
    When I run "kubectl get endpoints sample-deployment"
    Then the output is:
      """
      NAME                ENDPOINTS                                             AGE
      sample-deployment   172.16.103.129:80,172.16.132.1:80,172.16.221.129:80   4s
      """
    When I run "kubectl expose deployment sample-deployment --port=8080"
    Then the command fails with:
      """
      Error from server (AlreadyExists): services "sample-deployment" already exists
      """
