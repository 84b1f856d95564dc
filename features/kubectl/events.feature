Feature: kubectl get events lists what the components recorded
  Each component records events about the objects it acts on; `kubectl get events` lists them in
  the API's order (by object, then time), and field selectors pick them by reason, type or object.

  Background:
    Given a cluster with 3 worker nodes
    When I run "kubectl create deployment web --image=nginx:1.16"
    And the cluster settles

  Scenario: the events of a Deployment's first rollout, by object, and selected by their fields
    When I run "kubectl get events"
    Then the output is:
      """
      LAST SEEN   TYPE     REASON              OBJECT                      MESSAGE
      4s          Normal   Scheduled           pod/web-5b8c7d6f9d-6k6r8    Successfully assigned default/web-5b8c7d6f9d-6k6r8 to w2-k8s
      3s          Normal   Pulling             pod/web-5b8c7d6f9d-6k6r8    Pulling image "nginx:1.16"
      0s          Normal   Pulled              pod/web-5b8c7d6f9d-6k6r8    Successfully pulled image "nginx:1.16" in 3s (3s including waiting). Image size: 57000000 bytes.
      0s          Normal   Created             pod/web-5b8c7d6f9d-6k6r8    Created container nginx
      0s          Normal   Started             pod/web-5b8c7d6f9d-6k6r8    Started container nginx
      4s          Normal   SuccessfulCreate    replicaset/web-5b8c7d6f9d   Created pod: web-5b8c7d6f9d-6k6r8
      4s          Normal   ScalingReplicaSet   deployment/web              Scaled up replica set web-5b8c7d6f9d to 1
      """
    When I run "kubectl get events --field-selector involvedObject.kind=Deployment -o wide"
    Then the output is:
      """
      LAST SEEN   TYPE     REASON              OBJECT           SUBOBJECT   SOURCE                  MESSAGE                                     FIRST SEEN   COUNT   NAME
      4s          Normal   ScalingReplicaSet   deployment/web               deployment-controller   Scaled up replica set web-5b8c7d6f9d to 1   4s           1       web.*
      """
    When I run "kubectl get events --field-selector type=Warning"
    Then the output is:
      """
      No resources found in default namespace.
      """
    When I run "kubectl get events --field-selector severity=high"
    Then the command fails with:
      """
      Error from server (BadRequest): Unable to find "/v1, Resource=events" that match label selector "", field selector "severity=high": field label not supported: severity
      """

  Scenario: a failing pull is a Warning, counted each time it repeats
    Given the image "nginx:no-such-tag" cannot be pulled
    When I run "kubectl set image deployment/web nginx=nginx:no-such-tag"
    And 60 seconds pass
    And I run "kubectl get events --field-selector type=Warning,reason=Failed -o custom-columns=REASON:.reason,COUNT:.count,MESSAGE:.message"
    Then the output is:
      """
      REASON   COUNT   MESSAGE
      Failed   3       Failed to pull image "nginx:no-such-tag": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:no-such-tag": failed to resolve reference "docker.io/library/nginx:no-such-tag": docker.io/library/nginx:no-such-tag: not found
      Failed   3       Error: ErrImagePull
      Failed   3       Error: ImagePullBackOff
      """
    When I run "kubectl get events --field-selector reason=BackOff"
    Then the output is:
      """
      LAST SEEN   TYPE     REASON    OBJECT                     MESSAGE
      1s          Normal   BackOff   pod/web-6b7d8c9f5-x2x8k    Back-off pulling image "nginx:no-such-tag"
      """
