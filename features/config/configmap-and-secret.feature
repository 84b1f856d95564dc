Feature: ConfigMaps and Secrets configure pods through their environment
  Note 004: settings leave the code for a ConfigMap (development and production differ only in
  it) and secrets for a Secret, which is the same but shows its values only base64-encoded. A pod
  reads them as environment variables when its container is created: a ConfigMap that does not
  exist yet keeps the container from being created (CreateContainerConfigError, retried every
  10 s), and a change to the ConfigMap reaches the environment only when the container is created
  again.

  Background:
    Given a cluster with 3 worker nodes

  Scenario: kubectl create configmap and secret generic write the data; describe shows a Secret's sizes, not its values
    When I run "kubectl create configmap app-config --from-literal=language=java --from-literal=mode=dev"
    Then the output is:
      """
      configmap/app-config created
      """
    When I run "kubectl create secret generic app-secret --from-literal=password=pass1234 --from-literal=user=admin"
    Then the output is:
      """
      secret/app-secret created
      """
    When I run "kubectl get configmaps,secrets"
    Then the output is:
      """
      NAME                   DATA   AGE
      configmap/app-config   2      0s

      NAME                TYPE     DATA   AGE
      secret/app-secret   Opaque   2      0s
      """
    When I run "kubectl describe configmap app-config"
    Then the output is:
      """
      Name:         app-config
      Namespace:    default
      Labels:       <none>
      Annotations:  <none>

      Data
      ====
      language:
      ----
      java

      mode:
      ----
      dev


      BinaryData
      ====

      Events:  <none>
      """
    When I run "kubectl describe secret app-secret"
    Then the output is:
      """
      Name:         app-secret
      Namespace:    default
      Labels:       <none>
      Annotations:  <none>

      Type:  Opaque

      Data
      ====
      password:  8 bytes
      user:      5 bytes
      """
    When I run "kubectl get secret app-secret -o jsonpath={.data.password}"
    Then the output is:
      """
      cGFzczEyMzQ=
      """
    When I apply:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: from-string-data
      stringData:
        token: s3cr3t
      """
    And I run "kubectl get secret from-string-data -o jsonpath={.data}"
    Then the output is:
      """
      {"token":"czNjcjN0"}
      """
    When I run "kubectl create configmap twice --from-literal=a=1 --from-literal=a=2"
    Then the command fails with:
      """
      error: cannot add key "a", another key by that name already exists in Data for ConfigMap "twice"
      """
    When I run "kubectl create configmap bad --from-literal=language"
    Then the command fails with:
      """
      error: invalid literal source language, expected key=value
      """
    And configmap "twice" does not exist

  Scenario: a pod waits in CreateContainerConfigError until its ConfigMap and Secret exist, then reads them
    When I apply "fixtures/config/language-deployment.yaml"
    And 5 seconds pass
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME                            READY   STATUS                       RESTARTS   AGE
      language-app-5c765f59fc-6k6r8   0/1     CreateContainerConfigError   0          5s
      """
    When I run "kubectl describe pods -l app=language-app"
    Then the output is:
      """
      ...
          State:          Waiting
            Reason:       CreateContainerConfigError
      ...
          Environment:
            LANGUAGE:     <set to the key 'language' of config map 'app-config'>  Optional: false
            GREETING:     hello in $(LANGUAGE)
            DB_PASSWORD:  <set to the key 'password' in secret 'app-secret'>      Optional: false
      ...
        Warning  Failed     0s    kubelet            Error: configmap "app-config" not found
      """
    When I run "kubectl create configmap app-config --from-literal=language=java"
    And 10 seconds pass
    And I run "kubectl get pods -o jsonpath={.items[0].status.containerStatuses[0].state.waiting.message}"
    Then the output is:
      """
      secret "app-secret" not found
      """
    When I run "kubectl create secret generic app-secret --from-literal=password=pass1234"
    And 10 seconds pass
    And the cluster settles
    And I run "kubectl get pods"
    Then the output is:
      """
      NAME                            READY   STATUS    RESTARTS   AGE
      language-app-5c765f59fc-6k6r8   1/1     Running   0          25s
      """
    When I run "kubectl exec deploy/language-app -- printenv LANGUAGE GREETING DB_PASSWORD"
    Then the output is:
      """
      java
      hello in java
      pass1234
      """

  Scenario: a changed ConfigMap reaches the environment only when the container is created again
    When I run "kubectl create configmap app-config --from-literal=language=java"
    And I run "kubectl create secret generic app-secret --from-literal=password=pass1234"
    And I apply "fixtures/config/language-deployment.yaml"
    And the cluster settles
    And I run "kubectl patch configmap app-config -p '{\"data\":{\"language\":\"python\"}}'"
    And I run "kubectl exec deploy/language-app -- printenv LANGUAGE"
    Then the output is:
      """
      java
      """
    When I run "kubectl rollout restart deployment language-app"
    And the cluster settles
    And I run "kubectl exec deploy/language-app -- printenv LANGUAGE"
    Then the output is:
      """
      python
      """
    When I run "kubectl exec deploy/language-app -- printenv NOT_SET"
    Then the output is:
      """
      command terminated with exit code 1
      """

  Scenario: the API server checks keys and base64, and an immutable ConfigMap cannot change
    When I run "kubectl apply -f fixtures/config/bad-configmap.yaml"
    Then the command fails with:
      """
      The ConfigMap "bad-configmap" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')
      """
    When I run "kubectl apply -f fixtures/config/bad-secret.yaml"
    Then the command fails with:
      """
      Error from server (BadRequest): error when creating "fixtures/config/bad-secret.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3
      """
    And configmap "bad-configmap" does not exist
    And secret "bad-secret" does not exist
    When I apply:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: frozen
      data:
        language: java
      immutable: true
      """
    And I run "kubectl patch configmap frozen -p '{\"data\":{\"language\":\"go\"}}'"
    Then the command fails with:
      """
      The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set
      """
    When I run "kubectl get configmap frozen -o jsonpath={.data.language}"
    Then the output is:
      """
      java
      """

  Scenario: mounted as a volume, a ConfigMap's keys are files, and the files follow a change without a restart
    When I apply "fixtures/config/config-volume-pod.yaml"
    And 5 seconds pass
    And I run "kubectl get pod config-volume-pod"
    Then the output is:
      """
      NAME                READY   STATUS              RESTARTS   AGE
      config-volume-pod   0/1     ContainerCreating   0          5s
      """
    When I run "kubectl describe pod config-volume-pod"
    Then the output is:
      """
      ...
      Events:
        Type     Reason       Age              From               Message
        ----     ------       ----             ----               -------
        Normal   Scheduled    5s               default-scheduler  Successfully assigned default/config-volume-pod to w3-k8s
        Warning  FailedMount  1s (x4 over 4s)  kubelet            MountVolume.SetUp failed for volume "config" : configmap "app-config" not found
      """
    When I run "kubectl create configmap app-config --from-literal=language=java --from-literal=mode=dev"
    And I run "kubectl create secret generic app-secret --from-literal=password=pass1234"
    And 30 seconds pass
    And the cluster settles
    And I run "kubectl get pod config-volume-pod"
    Then the output is:
      """
      NAME                READY   STATUS    RESTARTS   AGE
      config-volume-pod   1/1     Running   0          39s
      """
    When I run "kubectl exec config-volume-pod -- ls /etc/config"
    Then the output is:
      """
      language
      mode
      """
    When I run "kubectl exec config-volume-pod -- cat /etc/config/language /etc/secret/db/password"
    Then the output is:
      """
      javapass1234
      """
    When I run "kubectl patch configmap app-config -p '{\"data\":{\"language\":\"python\"}}'"
    And I run "kubectl exec config-volume-pod -- cat /etc/config/language"
    Then the output is:
      """
      python
      """
    When I run "kubectl exec config-volume-pod -- cat /etc/config/missing"
    Then the command fails with:
      """
      cat: /etc/config/missing: No such file or directory
      command terminated with exit code 1
      """
