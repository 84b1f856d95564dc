@note-000
Feature: kubectl sessions of the notes: a Deployment's rollout, history and undo
  Note 000's Deployment session, command by command (디플로이먼트 생성 / 변경 롤백), including
  its two typos, which kubectl refuses before anything is sent.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: Create with --record, update the image, watch the rollout, read the history, undo (note 000)
    When I run "kubectl apply -f fixtures/deployments/sample-deployment.yaml --record"
    Then the output is:
      """
      Flag --record has been deprecated, --record will be removed in the future
      deployment.apps/sample-deployment created
      """
    When the cluster settles
    And I run "kubectl get deployments"
    Then the output is:
      """
      NAME                READY   UP-TO-DATE   AVAILABLE   AGE
      sample-deployment   3/3     3            3           20s
      """
    When I run "kubectl get replicasets"
    Then the output is:
      """
      NAME                           DESIRED   CURRENT   READY   AGE
      sample-deployment-7c67dd9675   3         3         3       20s
      """
    When I run "kubectl set image deployment sample-deployment nginx-container=nginx:1.17 --record"
    Then the output is:
      """
      Flag --record has been deprecated, --record will be removed in the future
      deployment.apps/sample-deployment image updated
      """
    When I run "kubectl rollout status deployment sample-deployment"
    Then the output is:
      """
      Waiting for deployment "sample-deployment" rollout to finish: 1 out of 3 new replicas have been updated...
      ...
      Waiting for deployment "sample-deployment" rollout to finish: 2 out of 3 new replicas have been updated...
      ...
      Waiting for deployment "sample-deployment" rollout to finish: 1 old replicas are pending termination...
      ...
      deployment "sample-deployment" successfully rolled out
      """
    When I run "kubectl rollout history deployment sample-deployment"
    Then the output is:
      """
      deployment.apps/sample-deployment
      REVISION  CHANGE-CAUSE
      1         kubectl apply --filename=fixtures/deployments/sample-deployment.yaml --record=true
      2         kubectl set image deployment sample-deployment nginx-container=nginx:1.17 --record=true
      """
    When I run "kubectl rollout history deployment sample-deployment --revision 1"
    Then the output is:
      """
      deployment.apps/sample-deployment with revision #1
      Pod Template:
        Labels:	app=sample-app
      	pod-template-hash=7c67dd9675
        Annotations:	kubernetes.io/change-cause: kubectl apply --filename=fixtures/deployments/sample-deployment.yaml --record=true
        Containers:
         nginx-container:
          Image:	nginx:1.16
          Port:	<none>
          Host Port:	<none>
          Environment:	<none>
          Mounts:	<none>
        Volumes:	<none>
        Node-Selectors:	<none>
        Tolerations:	<none>
      """
    When I run "kubectl rollout undo deployment sample-deployment --to-revisino 1"
    Then the command fails with:
      """
      error: unknown flag: --to-revisino
      See 'kubectl rollout undo --help' for usage.
      """
    And the cluster is unchanged
    When I run "kubectl rollout undo deployment sample-deployment --to-revision 1"
    Then the output is:
      """
      deployment.apps/sample-deployment rolled back
      """
    When the cluster settles
    And I run "kubectl get replicasets -o wide"
    Then the output is:
      """
      NAME                           DESIRED   CURRENT   READY   AGE   CONTAINERS        IMAGES       SELECTOR
      sample-deployment-7c67dd9675   3         3         3       2m    nginx-container   nginx:1.16   app=sample-app,pod-template-hash=7c67dd9675
      sample-deployment-5d4b8b5f47   0         0         0       1m    nginx-container   nginx:1.17   app=sample-app,pod-template-hash=5d4b8b5f47
      """
    When I run "kubectl rollout history deployment sample-deployment"
    Then the output is:
      """
      deployment.apps/sample-deployment
      REVISION  CHANGE-CAUSE
      2         kubectl set image deployment sample-deployment nginx-container=nginx:1.17 --record=true
      3         kubectl apply --filename=fixtures/deployments/sample-deployment.yaml --record=true
      """

  Scenario: The note's quoted "set image" is one unknown command to kubectl (note 000)
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    When I run "kubectl \"set image\" deployment sample-deployment nginx-container=nginx:1.17 --record"
    Then the command fails with:
      """
      error: unknown command "set image" for "kubectl"
      """
    And the cluster is unchanged

  Scenario: A pod's labels carry the pod-template hash (note 000, 엔드포인트 설정을 위한 예제)
    Given I apply "fixtures/deployments/sample-deployment-echo-nginx.yaml"
    And the cluster settles
    When I run "kubectl get pods --show-labels"
    Then the output is:
      """
      NAME                                 READY   STATUS    RESTARTS   AGE   LABELS
      sample-deployment-7c67dd9675-87v5d   1/1     Running   0          9s    app=sample-app,pod-template-hash=7c67dd9675
      sample-deployment-7c67dd9675-bm2xq   1/1     Running   0          9s    app=sample-app,pod-template-hash=7c67dd9675
      sample-deployment-7c67dd9675-q4kzr   1/1     Running   0          9s    app=sample-app,pod-template-hash=7c67dd9675
      """

  Scenario: Only a pod's labels, with a JSONPath (note 000, 특정 JSON Path 값만 출력)
    Given I apply "fixtures/deployments/sample-deployment-echo-nginx.yaml"
    And the cluster settles
    When I run "kubectl get pods -o name"
    Then the output is:
      """
      pod/sample-deployment-7c67dd9675-87v5d
      pod/sample-deployment-7c67dd9675-bm2xq
      pod/sample-deployment-7c67dd9675-q4kzr
      """
    When I run "kubectl get pods sample-deployment-7c67dd9675-87v5d -o jsonpath='{.metadata.labels}'"
    Then the output is:
      """
      {"app":"sample-app","pod-template-hash":"7c67dd9675"}
      """
    When I run "kubectl get pods -o jsonpath='{.items[*].spec.containers[0].image}'"
    Then the output is:
      """
      amsy810/echo-nginx:v2.0 amsy810/echo-nginx:v2.0 amsy810/echo-nginx:v2.0
      """

  Scenario: get all lists each kind in its own table, names prefixed with their kind; patch says whether it changed anything
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles
    When I run "kubectl get all"
    Then the output is:
      """
      NAME                                     READY   STATUS    RESTARTS   AGE
      pod/sample-deployment-7c67dd9675-87v5d   1/1     Running   0          9s
      pod/sample-deployment-7c67dd9675-bm2xq   1/1     Running   0          9s
      pod/sample-deployment-7c67dd9675-q4kzr   1/1     Running   0          9s

      NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
      service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   9s

      NAME                                READY   UP-TO-DATE   AVAILABLE   AGE
      deployment.apps/sample-deployment   3/3     3            3           9s

      NAME                                           DESIRED   CURRENT   READY   AGE
      replicaset.apps/sample-deployment-7c67dd9675   3         3         3       9s
      """
    When I run "kubectl patch deployment sample-deployment -p '{\"spec\":{\"replicas\":2}}'"
    Then the output is:
      """
      deployment.apps/sample-deployment patched
      """
    When I run "kubectl patch deployment sample-deployment --type merge -p '{\"spec\":{\"replicas\":2}}'"
    Then the output is:
      """
      deployment.apps/sample-deployment patched (no change)
      """
    When I run "kubectl patch deployment sample-deployment --type json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":-1}]'"
    Then the command fails with:
      """
      The Deployment "sample-deployment" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
      """
    And the cluster is unchanged

  Scenario: Custom columns pick fields out of every object
    Given I apply "fixtures/deployments/sample-deployment.yaml"
    And the cluster settles
    When I run "kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:.spec.nodeName,GATES:.spec.readinessGates"
    Then the output is:
      """
      NAME                                 IMAGE        NODE     GATES
      sample-deployment-7c67dd9675-87v5d   nginx:1.16   w1-k8s   <none>
      sample-deployment-7c67dd9675-bm2xq   nginx:1.16   w2-k8s   <none>
      sample-deployment-7c67dd9675-q4kzr   nginx:1.16   w3-k8s   <none>
      """
