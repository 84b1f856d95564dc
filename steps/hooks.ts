/** What a failed scenario leaves behind for the person reading it: the seed that replays it. */
import { After, Before, BeforeStep, Status } from '@cucumber/cucumber';
import { KubehaveWorld } from './support/world';

Before(function (this: KubehaveWorld, { pickle }) {
  this.pickle = pickle;
});

BeforeStep(function (this: KubehaveWorld, { pickleStep }) {
  this.currentStepId = pickleStep.id;
});

After(function (this: KubehaveWorld, { result }) {
  if (result?.status !== Status.FAILED) return;
  const c = this.cluster;
  const elapsed = ((c.now - Date.parse('2025-01-01T00:00:00Z')) / 1000).toFixed(1);
  this.log(`cluster seed ${c.seed} (replay it with "Given the random seed is ${c.seed}"), virtual time +${elapsed}s, ${c.trace.size} actions in the trace`);
});
