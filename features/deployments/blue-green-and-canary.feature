@note-004
Feature: Blue/green and canary releases with labels and selectors
  Kubernetes has no blue/green or canary strategy of its own: both are done with two Deployments
  and labels, and the selector that sends traffic (a Service's) picks which pods serve
  (note 004, "블루&그린 배포나 카나리 배포는 지원 안된다"). Here the selector is a label query;
  Services themselves come with the networking features.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: Blue/green: green starts beside blue, the selector switches at once, then blue goes (note 004)
    Given I apply "fixtures/deployments/web-blue.yaml"
    And the cluster settles
    When I apply "fixtures/deployments/web-green.yaml"
    And the cluster settles
    # both versions run in full: the switch does not wait for anything to start
    Then there are 3 running pods labelled "app=web,version=blue"
    And there are 3 running pods labelled "app=web,version=green"
    And the pods labelled "app=web,version=green" are:
      | NAME         | STATUS  | IMAGES     |
      | web-green-*  | Running | nginx:1.17 |
      | web-green-*  | Running | nginx:1.17 |
      | web-green-*  | Running | nginx:1.17 |
    # the two Deployments never touch each other's pods
    And the replicasets of deployment "web-blue" are:
      | REVISION | DESIRED | READY | IMAGES     |
      | 1        | 3       | 3     | nginx:1.16 |
    When I delete deployment "web-blue"
    And the cluster settles
    Then there are 0 pods labelled "version=blue"
    And there are 3 running pods labelled "app=web"
    And every invariant holds

  Scenario: Canary: one new pod among the stable ones, then promoted (note 004)
    Given I apply "fixtures/deployments/web-stable.yaml"
    And I apply "fixtures/deployments/web-canary.yaml"
    And the cluster settles
    # a selector on app=web alone sends a quarter of the traffic to the canary
    Then the pods labelled "app=web" are:
      | NAME          | STATUS  | IMAGES     | LABELS                                       |
      | web-stable-*  | Running | nginx:1.16 | app=web,pod-template-hash=*,track=stable     |
      | web-stable-*  | Running | nginx:1.16 | app=web,pod-template-hash=*,track=stable     |
      | web-stable-*  | Running | nginx:1.16 | app=web,pod-template-hash=*,track=stable     |
      | web-canary-*  | Running | nginx:1.17 | app=web,pod-template-hash=*,track=canary     |
    When I set the image of container "web" in deployment "web-stable" to "nginx:1.17"
    And I delete deployment "web-canary"
    And the cluster settles
    Then the pods labelled "app=web" are:
      | NAME          | STATUS  | IMAGES     |
      | web-stable-*  | Running | nginx:1.17 |
      | web-stable-*  | Running | nginx:1.17 |
      | web-stable-*  | Running | nginx:1.17 |
    And deployment "web-stable" is at revision 2
    And every invariant holds
