Feature: A Job runs pods to completion
  Note 004: a Deployment's pods come up and stay up; a Job's end, and then the Job is done.
  A Job runs sequentially (one pod after another) or in parallel (several at once), until the
  number of completions is reached. Failed pods are retried with a growing back-off until
  backoffLimit; the finished pods stay, as kubectl shows them (Completed, Error).

  Background:
    Given a cluster with 3 worker nodes

  Scenario: a Job's pod runs to completion and stays, Completed
    When I run "kubectl apply -f fixtures/jobs/sample-job.yaml"
    Then the output is:
      """
      job.batch/sample-job created
      """
    When 30 seconds pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME         STATUS    COMPLETIONS   DURATION   AGE
      sample-job   Running   0/1           30s        30s
      """
    When 2 minutes pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME         STATUS     COMPLETIONS   DURATION   AGE
      sample-job   Complete   1/1           67s        2m30s
      """
    When I run "kubectl get pods"
    Then the output is:
      """
      NAME               READY   STATUS      RESTARTS   AGE
      sample-job-xxxxx   0/1     Completed   0          2m30s
      """
    And the conditions of job "sample-job" are:
      | TYPE               | STATUS | REASON             | MESSAGE                                   |
      | SuccessCriteriaMet | True   | CompletionsReached | Reached expected number of succeeded pods |
      | Complete           | True   | CompletionsReached | Reached expected number of succeeded pods |
    And the events of job "sample-job" include:
      | TYPE   | REASON           | MESSAGE                       |
      | Normal | SuccessfulCreate | Created pod: sample-job-*     |
      | Normal | Completed        | Job completed                 |
    And every invariant holds

  Scenario: a sequential Job runs its completions one pod after another
    When I apply "fixtures/jobs/sample-sequential-job.yaml"
    And 10 minutes pass
    Then job "sample-sequential-job" has "status.succeeded" set to "5"
    And job "sample-sequential-job" created its pods at "0s, 36s, 73s, 104s, 141s"
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME                    STATUS     COMPLETIONS   DURATION   AGE
      sample-sequential-job   Complete   5/5           2m41s      10m
      """
    And every invariant holds

  Scenario: a parallel Job runs two pods at a time until six have succeeded
    When I apply "fixtures/jobs/sample-parallel-job.yaml"
    And 10 minutes pass
    Then job "sample-parallel-job" created its pods at "0s, 0s, 36s, 36s, 68s, 68s"
    And job "sample-parallel-job" has "status.succeeded" set to "6"
    And the invariant "job bounds" holds
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME                  STATUS     COMPLETIONS   DURATION   AGE
      sample-parallel-job   Complete   6/6           99s        10m
      """

  Scenario: kubectl describe job shows the counts, the times, the pod template and the events
    When I apply "fixtures/jobs/sample-parallel-job.yaml"
    And the cluster settles
    And I run "kubectl describe job sample-parallel-job"
    Then the output is:
      """
      Name:             sample-parallel-job
      Namespace:        default
      Selector:         batch.kubernetes.io/controller-uid=a08ff49b-6f77-4632-b16c-43069c43a8c3
      Labels:           batch.kubernetes.io/controller-uid=a08ff49b-6f77-4632-b16c-43069c43a8c3
                        batch.kubernetes.io/job-name=sample-parallel-job
                        controller-uid=a08ff49b-6f77-4632-b16c-43069c43a8c3
                        job-name=sample-parallel-job
      Annotations:      <none>
      Parallelism:      2
      Completions:      6
      Completion Mode:  NonIndexed
      Suspend:          false
      Backoff Limit:    6
      Start Time:       Wed, 01 Jan 2025 00:00:00 +0000
      Completed At:     Wed, 01 Jan 2025 00:01:44 +0000
      Duration:         104s
      Pods Statuses:    0 Active (0 Ready) / 6 Succeeded / 0 Failed
      Pod Template:
        Labels:  batch.kubernetes.io/controller-uid=a08ff49b-6f77-4632-b16c-43069c43a8c3
                 batch.kubernetes.io/job-name=sample-parallel-job
                 controller-uid=a08ff49b-6f77-4632-b16c-43069c43a8c3
                 job-name=sample-parallel-job
        Containers:
         tools-container:
          Image:      amsy810/tools:v2.0
          Port:       <none>
          Host Port:  <none>
          Command:
            sleep
          Args:
            30
          Environment:   <none>
          Mounts:        <none>
        Volumes:         <none>
        Node-Selectors:  <none>
        Tolerations:     <none>
      Events:
        Type    Reason            Age   From            Message
        ----    ------            ----  ----            -------
        Normal  SuccessfulCreate  104s  job-controller  Created pod: sample-parallel-job-zq29j
        Normal  SuccessfulCreate  104s  job-controller  Created pod: sample-parallel-job-zgx8f
        Normal  SuccessfulCreate  68s   job-controller  Created pod: sample-parallel-job-j986b
        Normal  SuccessfulCreate  68s   job-controller  Created pod: sample-parallel-job-db4nj
        Normal  SuccessfulCreate  36s   job-controller  Created pod: sample-parallel-job-fzkwk
        Normal  SuccessfulCreate  36s   job-controller  Created pod: sample-parallel-job-wvbcb
        Normal  Completed         0s    job-controller  Job completed
      """

  Scenario: a Job's pods must not restart Always, and leaving restartPolicy out is not enough
    When I run "kubectl apply -f fixtures/jobs/hello-bad.yaml"
    Then the command fails with:
      """
      The Job "hello-bad" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"
      """
    And the cluster is unchanged

  Scenario: failed pods are retried with a doubling back-off, and backoffLimit 3 means four tries
    When I apply "fixtures/jobs/fail-never.yaml"
    And 3 minutes pass
    Then job "fail-never" created its pods at "0s, 14s, 38s, 81s"
    And job "fail-never" has "status.failed" set to "4"
    And the conditions of job "fail-never" are:
      | TYPE          | STATUS | REASON               | MESSAGE                                    |
      | FailureTarget | True   | BackoffLimitExceeded | Job has reached the specified backoff limit |
      | Failed        | True   | BackoffLimitExceeded | Job has reached the specified backoff limit |
    And the events of job "fail-never" include:
      | TYPE    | REASON               | MESSAGE                                    |
      | Warning | BackoffLimitExceeded | Job has reached the specified backoff limit |
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME         STATUS   COMPLETIONS   DURATION   AGE
      fail-never   Failed   0/1           3m         3m
      """
    When I run "kubectl get pods"
    Then the output is:
      """
      NAME               READY   STATUS   RESTARTS   AGE
      fail-never-bbbbb   0/1     Error    0          99s
      fail-never-ccccc   0/1     Error    0          2m22s
      fail-never-ddddd   0/1     Error    0          2m46s
      fail-never-fffff   0/1     Error    0          3m
      """

  Scenario: with restartPolicy OnFailure the kubelet retries in the same pod, and the Job deletes it at the limit
    When I apply "fixtures/jobs/fail-onfailure.yaml"
    And 45 seconds pass
    And I remember one pod of job "fail-onfailure" as "first"
    Then container "fail" of pod "<first>" has restarted 3 times
    And pod "<first>" is "Terminating"
    And job "fail-onfailure" has "status.conditions[0].type" set to "FailureTarget"
    And job "fail-onfailure" has no "status.conditions[1]"
    When 3 minutes pass
    Then job "fail-onfailure" has "status.failed" set to "1"
    And there are 0 pods labelled "job-name=fail-onfailure"
    And the conditions of job "fail-onfailure" are:
      | TYPE          | STATUS | REASON               | MESSAGE                                    |
      | FailureTarget | True   | BackoffLimitExceeded | Job has reached the specified backoff limit |
      | Failed        | True   | BackoffLimitExceeded | Job has reached the specified backoff limit |
    And every invariant holds

  Scenario: activeDeadlineSeconds stops a Job that runs too long
    When I apply:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: slow
      spec:
        activeDeadlineSeconds: 20
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: work
              image: busybox:1.36
              command: ["sleep", "600"]
      """
    And 19 seconds pass
    Then job "slow" has no "status.conditions"
    When 1 minute passes
    Then the conditions of job "slow" are:
      | TYPE          | STATUS | REASON           | MESSAGE                                      |
      | FailureTarget | True   | DeadlineExceeded | Job was active longer than specified deadline |
      | Failed        | True   | DeadlineExceeded | Job was active longer than specified deadline |
    And job "slow" has "status.failed" set to "1"
    And there are 0 pods labelled "job-name=slow"
    And the events of job "slow" include:
      | TYPE    | REASON           | MESSAGE                                      |
      | Normal  | SuccessfulDelete | Deleted pod: slow-*                          |
      | Warning | DeadlineExceeded | Job was active longer than specified deadline |
    And every invariant holds

  Scenario: ttlSecondsAfterFinished deletes a finished Job, and its pods with it
    When I apply:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: short-lived
      spec:
        ttlSecondsAfterFinished: 100
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: work
              image: busybox:1.36
              command: ["sh", "-c", "echo done"]
      """
    And 1 minute passes
    Then job "short-lived" has "status.succeeded" set to "1"
    And there is 1 pod labelled "job-name=short-lived"
    When 1 minute passes
    Then job "short-lived" does not exist
    And there are 0 pods labelled "job-name=short-lived"
    And every invariant holds

  Scenario: a suspended Job deletes its running pods and starts again when resumed
    When I apply "fixtures/jobs/sample-parallel-job.yaml"
    And 20 seconds pass
    Then there are 2 running pods labelled "job-name=sample-parallel-job"
    When I patch job "sample-parallel-job" with a strategic merge patch:
      """
      {"spec": {"suspend": true}}
      """
    And 1 minute passes
    Then there are 0 pods labelled "job-name=sample-parallel-job"
    And job "sample-parallel-job" has no "status.failed"
    And the conditions of job "sample-parallel-job" are:
      | TYPE      | STATUS | REASON       | MESSAGE       |
      | Suspended | True   | JobSuspended | Job suspended |
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME                  STATUS      COMPLETIONS   DURATION   AGE
      sample-parallel-job   Suspended   0/6           80s        80s
      """
    When I patch job "sample-parallel-job" with a strategic merge patch:
      """
      {"spec": {"suspend": false}}
      """
    And 10 minutes pass
    Then job "sample-parallel-job" has "status.succeeded" set to "6"
    And the conditions of job "sample-parallel-job" are:
      | TYPE               | STATUS | REASON             | MESSAGE                                   |
      | Suspended          | False  | JobResumed         | Job resumed                               |
      | SuccessCriteriaMet | True   | CompletionsReached | Reached expected number of succeeded pods |
      | Complete           | True   | CompletionsReached | Reached expected number of succeeded pods |
    And the events of job "sample-parallel-job" include:
      | REASON    | MESSAGE       |
      | Suspended | Job suspended |
      | Resumed   | Job resumed   |
    And every invariant holds

  Scenario: an Indexed Job gives each pod its completion index
    When I apply:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: indexed
      spec:
        completions: 3
        parallelism: 3
        completionMode: Indexed
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: work
              image: busybox:1.36
              command: ["sleep", "5"]
      """
    And 2 seconds pass
    Then the pods labelled "job-name=indexed" are:
      | NAME        | STATUS            |
      | indexed-0-* | ContainerCreating |
      | indexed-1-* | ContainerCreating |
      | indexed-2-* | ContainerCreating |
    When 1 minute passes
    Then job "indexed" has "status.completedIndexes" set to "0-2"
    And job "indexed" has "status.succeeded" set to "3"
    And every invariant holds

  Scenario: a Job without completions is a work queue: done when one pod succeeds and the rest have finished
    When I apply:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: queue
      spec:
        parallelism: 3
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: worker
              image: busybox:1.36
              command: ["sleep", "10"]
      """
    And 5 seconds pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME    STATUS    COMPLETIONS   DURATION   AGE
      queue   Running   0/1 of 3      5s         5s
      """
    When 1 minute passes
    Then job "queue" has "status.succeeded" set to "3"
    And job "queue" has "status.conditions[1].type" set to "Complete"
    And every invariant holds

  Scenario: a deleted pod of a running Job counts as failed and is replaced
    When I apply "fixtures/jobs/sample-job.yaml"
    And 20 seconds pass
    And I delete one pod of job "sample-job"
    And 2 minutes pass
    Then job "sample-job" has "status.failed" set to "1"
    And job "sample-job" has "status.succeeded" set to "1"
    And job "sample-job" has "status.conditions[1].type" set to "Complete"
    And every invariant holds

  Scenario: a Job's pod template cannot change once it exists
    When I apply "fixtures/jobs/sample-job.yaml"
    And I patch job "sample-job" with a strategic merge patch:
      """
      {"spec": {"template": {"spec": {"containers": [{"name": "tools-container", "image": "amsy810/tools:v2.1"}]}}}}
      """
    Then the request is rejected with:
      """
      Job.batch "sample-job" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable
      """

  Scenario: a parallel Job stays within its parallelism and counts every pod once, whatever happens to its pods
    When I apply "fixtures/jobs/sample-parallel-job.yaml"
    Then for 30 random sequences of "pod deletions, container crashes, kubelet restarts, node reboots, time, dropped runs, stale reads, controller restarts" with time passing only when drawn, the invariants "job bounds, job tracking, single controller, no dangling owners" hold

  Scenario: the same Job settles to Complete with six pods counted, after any of those sequences
    When I apply "fixtures/jobs/sample-parallel-job.yaml"
    Then for 20 random sequences of "pod deletions, container crashes, time, dropped runs, duplicated runs, controller restarts" with time passing only when drawn, the invariants "convergence" hold
