/**
 * Seeing each scenario fail once with its behaviour broken: every mutation below breaks one
 * behaviour of the engine; the book suite is run against each and must newly fail somewhere.
 * At the end, every scenario must have failed under at least one mutation.
 *
 *   npm run mutants            (a few minutes; not part of npm test)
 *   npm run mutants -- undo    (only the mutations whose description contains a word)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Mutation {
  what: string;
  file: string;
  from: string;
  to: string;
}

const MUTATIONS: Mutation[] = [
  { what: "no adoption", file: "engine/controllers/controller-ref-manager.ts", from: "for (const obj of orphansOf(c.store, kind, ns)) {", to: "for (const obj of [] as KObject[]) {" },
  { what: "no release", file: "engine/controllers/controller-ref-manager.ts", from: "    } else if (!deleting) {\n      actions.push({", to: "    } else if (false) {\n      actions.push({" },
  { what: "claims what another controller owns", file: "engine/store/store.ts", from: "  const keys = store.orphans.get(`${kind}/${namespace}`);\n  if (!keys) return [];\n  return keys", to: "  return listObjects(store, kind, namespace);\n  const keys = store.orphans.get(`${kind}/${namespace}`);\n  if (!keys) return [];\n  return keys" },
  { what: "one pod too few", file: "engine/controllers/replicaset.ts", from: "const count = Math.min(-diff, BURST_REPLICAS);", to: "const count = Math.min(-diff, BURST_REPLICAS) - 1;" },
  { what: "gc ignores orphan", file: "engine/controllers/garbage-collector.ts", from: "const actions = dependentsOf(c.store, uid).map((d) => removeOwnerRefs(d, [uid]));", to: "const actions: Action[] = [];" },
  { what: "foreground does not wait", file: "engine/controllers/garbage-collector.ts", from: "if (!blocking) actions.push", to: "actions.push" },
  { what: "gc never deletes dependents", file: "engine/controllers/garbage-collector.ts", from: "    return gone.length ? { actions: [removeOwnerRefs(obj, gone)] } : NOTHING;\n  }", to: "    return gone.length ? { actions: [removeOwnerRefs(obj, gone)] } : NOTHING;\n  }\n  if (refs.length) return NOTHING;" },
  { what: "job never completes", file: "engine/controllers/job.ts", from: "    if (complete) {\n      finished = newCondition('SuccessCriteriaMet'", to: "    if (false) {\n      finished = newCondition('SuccessCriteriaMet'" },
  { what: "job retries without back-off", file: "engine/controllers/job.ts", from: "  if (!failures) return 0;", to: "  if (failures >= 0) return 0;" },
  { what: "job ignores kubelet restarts", file: "engine/controllers/job.ts", from: "  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;", to: "  return false;" },
  { what: "job ignores its deadline", file: "engine/controllers/job.ts", from: "      if (now >= deadline) finished", to: "      if (false) finished" },
  { what: "job ignores suspend", file: "engine/controllers/job.ts", from: "const suspended = (job: KObject) => job.spec?.suspend === true;", to: "const suspended = (job: KObject) => false && job.spec?.suspend === true;" },
  { what: "job without completion index", file: "engine/controllers/job.ts", from: "    indexes = firstPendingIndexes(ctx, diff, spec.completions);", to: "    indexes = firstPendingIndexes(ctx, diff, spec.completions).map(() => 0);" },
  { what: "ttl never expires", file: "engine/controllers/ttl-after-finished.ts", from: "    if (c.now < expireAt) return", to: "    if (true) return" },
  { what: "job accepts restartPolicy Always", file: "engine/api/validation/jobs.ts", from: "  if (policy === 'Always' || !policy) out.push", to: "  if (false) out.push" },
  { what: "job template mutable", file: "engine/api/validation/jobs.ts", from: "  if (templateChanged) out.push", to: "  if (false) out.push" },
  { what: "cronjob forbid ignored", file: "engine/controllers/cronjob.ts", from: "    if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length) {", to: "    if (false) {" },
  { what: "cronjob replace keeps the old job", file: "engine/controllers/cronjob.ts", from: "        if (job) out.push(deleteJob(cj, job));", to: "        if (false) out.push(deleteJob(cj, job!));" },
  { what: "cronjob keeps all history", file: "engine/controllers/cronjob.ts", from: "    if (limit == null) continue;", to: "    continue;" },
  { what: "cronjob ignores suspend", file: "engine/controllers/cronjob.ts", from: "    if (cj.spec?.suspend) return [];", to: "    if (false) return [];" },
  { what: "cronjob ignores its starting deadline", file: "engine/controllers/cronjob.ts", from: "  if (withStartingDeadline && deadline != null) earliest", to: "  if (false) earliest" },
  { what: "cronjob schedule in UTC", file: "engine/controllers/cronjob.ts", from: "  const tz = cj.spec?.timeZone ?? '';\n  let t = nextTime", to: "  const tz = '';\n  let t = nextTime" },
  { what: "cron schedule field count unchecked", file: "engine/api/cron.ts", from: "    if (fields.length !== 5) throw", to: "    if (false) throw" },
  { what: "cron range unchecked", file: "engine/api/cron.ts", from: "  if (end > r.max) throw", to: "  if (false) throw" },
  { what: "unknown time zone accepted", file: "engine/api/validation/jobs.ts", from: "  return knownTimeZone(text) ? [] :", to: "  return true ? [] :" },
  { what: "job exceeds parallelism", file: "engine/controllers/job.ts", from: "  else wantActive = Math.max(0, Math.min(spec.completions - ctx.succeeded, parallelism));", to: "  else wantActive = Math.max(0, Math.min(spec.completions - ctx.succeeded, parallelism + 1));" },
  { what: "cron descriptor unchecked", file: "engine/api/cron.ts", from: "      if (!fields) throw new Error(`unrecognized descriptor: ${spec}`);", to: "      if (!fields) return { ok: true, schedule: { fields: '0 * * * *' } };" },
  { what: "cron step unchecked", file: "engine/api/cron.ts", from: "  if (!/^[+-]?\\d+$/.test(expr)) throw", to: "  if (false) throw" },
  { what: "no port clash", file: "engine/node/kubelet.ts", from: "        if (clash !== undefined) {", to: "        if (false) {" },
  { what: "scheduler ignores taints", file: "engine/node/scheduler.ts", from: "  if (taint) return `node(s) had untolerated taint", to: "  if (false) return `node(s) had untolerated taint" },
  { what: "no graceful deletion", file: "engine/apiserver.ts", from: "  const g = requested ?? live.spec?.terminationGracePeriodSeconds ?? 30;", to: "  const g = 0;" },
  { what: "unscheduled pods deleted last", file: "engine/controllers/pod-ranking.ts", from: "if (na !== nb && (!na || !nb)) return !na;", to: "if (na !== nb && (!na || !nb)) return !!na;" },
  { what: "no crash back-off", file: "engine/node/kubelet.ts", from: "        const backOff = ranFor > 2 * c.profile.restartBackOffMaxMs ? 0 : ct.backOffMs;", to: "        const backOff = 0;" },
  { what: "apply forgets last-applied", file: "engine/api/apply.ts", from: "patch = threeWayPatch(original, modified", to: "patch = threeWayPatch(undefined, modified" },
  { what: "image change ignored", file: "engine/node/kubelet.ts", from: "      if ((phase === 'running' || phase === 'starting') && ct.image !== spec.image) {", to: "      if (false) {" },
  { what: "no metadata validation", file: "engine/api/validation/index.ts", from: "  const out = validateObjectMeta(obj.metadata ?? {}, nameCheck(obj.kind), r?.namespaced ?? true);", to: "  const out: FieldError[] = []; void validateObjectMeta; void nameCheck; void r;" },
  { what: "no pod spec validation", file: "engine/api/validation/index.ts", from: "      out.push(...validatePodSpec(obj.spec, 'spec'));", to: "" },
  { what: "no rs validation", file: "engine/api/validation/index.ts", from: "      out.push(...validateReplicaSetSpec(obj));", to: "" },
  { what: "selector mutable", file: "engine/api/validation/index.ts", from: "      out.push(...validateSelectorUnchanged(next, prev));", to: "" },
  { what: "pod spec mutable", file: "engine/api/validation/index.ts", from: "      out.push(...validatePodUpdate(next, prev));", to: "" },
  { what: "no warnings", file: "engine/api/validation/index.ts", from: "  if (obj.kind === 'Pod') return podSpecWarnings(obj.spec, 'spec');", to: "" },
  { what: "no apiVersion check", file: "engine/api/manifest.ts", from: "    if (missing.length) {", to: "    if (false) {" },
  { what: "yaml line off by one", file: "engine/api/manifest.ts", from: "const line = (e.mark?.line ?? 0) + 1;", to: "const line = (e.mark?.line ?? 0);" },
  { what: "no conflicts", file: "engine/apiserver.ts", from: "  if (opts.preconditionRv && opts.preconditionRv !== live.metadata.resourceVersion) {", to: "  if (false) {" },
  { what: "create overwrites", file: "engine/apiserver.ts", from: "  if (getObject(c.store, key)) {", to: "  if (false) {" },
  { what: "negative scale", file: "engine/apiserver.ts", from: "  if (!Number.isInteger(replicas) || replicas < 0) {", to: "  if (false) {" },
  { what: "delete of missing ok", file: "engine/apiserver.ts", from: "  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, ref.name)) };\n  if (opts.preconditions?.uid", to: "  if (!live) return { cluster: c0, outcome: ok() };\n  if (opts.preconditions?.uid" },
  { what: "lowest free ip", file: "engine/node/kubelet.ts", from: "    const host = ((agent.lastIp + i - 1) % (size - 2)) + 1;", to: "    const host = i;" },
  { what: "notin requires key", file: "engine/api/labels.ts", from: "        return !has || !r.values.includes(l[r.key]);", to: "        return has && !r.values.includes(l[r.key]);" },
  { what: "command ignored", file: "engine/node/process.ts", from: "  if (!argv.length) return image.entrypoint", to: "  if (true) return image.entrypoint" },
  { what: "no dangling owners", file: "engine/controllers/garbage-collector.ts", from: "  if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return 'dangling';", to: "" },
  { what: "scheduled event wording", file: "engine/node/scheduler.ts", from: "Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${chosen}", to: "Successfully assigned ${pod.metadata.name} to ${chosen}" },
  { what: "json patch ignores test", file: "engine/api/patch.ts", from: "const result = applyPatch(clone(target), clone(ops) as Operation[], true, true);", to: "const result = applyPatch(clone(target), (clone(ops) as Operation[]).filter((o) => o.op !== 'test'), true, true);" },
  { what: "instant nginx pull", file: "engine/node/profile.ts", from: "nginx: { binds: [80], pullMs: 3000", to: "nginx: { binds: [80], pullMs: 0" },
  { what: "strategic is merge", file: "engine/apiserver.ts", from: ": strategicMergePatch(live as never, body as never, live.kind);", to: ": { ok: true as const, value: jsonMergePatch(live as never, body as never) };" },
  { what: "apply always writes", file: "engine/apiserver.ts", from: "  if (!changed) return { cluster: c0, outcome: ok(live, 'unchanged') };\n  return update(c0, { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata.resourceVersion } }, {});", to: "  return update(c0, { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata.resourceVersion, annotations: { ...object.metadata.annotations, touched: String(changed) } } }, {});" },
  { what: "delete event wording", file: "engine/controllers/replicaset.ts", from: "message: `Deleted pod: ${pod.metadata.name}`", to: "message: `Deleted: ${pod.metadata.name}`" },
  { what: "apply replaces", file: "engine/apiserver.ts", from: "  const { object, changed, error } = applyManifest(live, obj);", to: "  const { error } = applyManifest(live, obj); const changed = true; const object = { ...annotateLastApplied(obj), status: live.status };" },
  { what: "no kubectl kind mapping", file: "steps/support/world.ts", from: "      if (!resourceFor(object.apiVersion, object.kind)) {", to: "      if (false) {" },
  { what: "stopped kubelet still works", file: "engine/node/kubelet.ts", from: "if (!agent || !node || !agent.kubeletRunning) return NOTHING;", to: "if (!agent || !node) return NOTHING;" },
  { what: "restarted kubelet forgets its pods", file: "engine/apiserver.ts", from: "    for (const key of keys) timers = timers.set(", to: "    for (const key of [] as string[]) timers = timers.set(" },
  { what: "no decode problems", file: "engine/api/schema.ts", from: "  if (!spec && !fields) return found;", to: "  if (spec || fields) return found;" },
  { what: "cpu ignored", file: "engine/node/scheduler.ts", from: "  if (req.cpu > 0 && used.cpu + req.cpu > alloc.cpu) reasons.push('Insufficient cpu');", to: "" },
  { what: "minReadySeconds ignored", file: "engine/node/pod-status.ts", from: "  if (!minReadySeconds) return true;", to: "  if (minReadySeconds >= 0) return true;" },
  // Deployments
  { what: "surge rounds down", file: "engine/controllers/deployment/util.ts", from: "return roundUp ? Math.ceil(x) : Math.floor(x);", to: "return Math.floor(x);" },
  { what: "rollback keeps the old revision number", file: "engine/controllers/deployment/util.ts", from: "  if (old < newRevision) {", to: "  if (!had) {" },
  { what: "no revision-history annotation", file: "engine/controllers/deployment/util.ts", from: "    if (had) {\n      const history", to: "    if (false) {\n      const history" },
  { what: "hash ignores the template", file: "engine/controllers/deployment/util.ts", from: "let h = fnv32a(new TextEncoder().encode(canonical(template)));", to: "let h = fnv32a(new TextEncoder().encode(canonical({})));" },
  { what: "no timeout", file: "engine/controllers/deployment/util.ts", from: "  return Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < now;", to: "  return false;" },
  { what: "no history clean-up", file: "engine/controllers/deployment/sync.ts", from: "  const diff = cleanable.length - limit;", to: "  const diff = 0;" },
  { what: "history limit off by one", file: "engine/controllers/deployment/sync.ts", from: "  const diff = cleanable.length - limit;", to: "  const diff = cleanable.length - limit - 1;" },
  { what: "no proportional scaling", file: "engine/controllers/deployment/sync.ts", from: "    if (toAdd !== 0) {\n      const p", to: "    if (false) {\n      const p" },
  { what: "hash not on pods", file: "engine/controllers/deployment/sync.ts", from: "labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };", to: "labels: { ...(template.metadata?.labels ?? {}) } };" },
  { what: "scaling event wording", file: "engine/controllers/deployment/sync.ts", from: "message: `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`", to: "message: `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`" },
  { what: "old scaled down before new is available", file: "engine/controllers/deployment/rolling.ts", from: "const newRSUnavailable = replicas(newRS) - (newRS.status?.availableReplicas ?? 0);", to: "const newRSUnavailable = 0;" },
  { what: "recreate does not wait for old pods", file: "engine/controllers/deployment/recreate.ts", from: "  if (oldPodsRunning(newRS, oldRSs, podMap)) return", to: "  if (false) return" },
  { what: "paused deployments roll out", file: "engine/controllers/deployment/controller.ts", from: "  if (d.spec.paused) return syncScaleOnly(ctx, rsList);", to: "" },
  { what: "complete never reported", file: "engine/controllers/deployment/progress.ts", from: "    if (deploymentComplete(d, status)) {", to: "    if (false) {" },
  { what: "status drops the revision annotation", file: "engine/apiserver.ts", from: "  if (annotations) next.metadata = { ...live.metadata, annotations: input.metadata.annotations };", to: "" },
  { what: "deployments before replicasets", file: "engine/control-plane.ts", from: "[replicaSetController, replicationControllerController, deploymentController,", to: "[deploymentController, replicaSetController, replicationControllerController," },
  { what: "strategy without retainKeys", file: "engine/api/patch.ts", from: "strategy: { retainKeys: true }", to: "strategy: {}" },
  { what: "both fenceposts 0 allowed", file: "engine/api/validation/workloads.ts", from: "  if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {", to: "  if (false) {" },
  { what: "undo copies no annotations", file: "kubectl/rollout.ts", from: "  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;", to: "" },
  { what: "undo goes to the newest", file: "kubectl/rollout.ts", from: "    target = previous;", to: "    target = latest;" },
  { what: "paused deployments roll back", file: "kubectl/rollout.ts", from: "  if (d.spec?.paused) return fail(", to: "  if (false) return fail(" },
  { what: "pausing twice allowed", file: "kubectl/rollout.ts", from: "  if (!!d.spec?.paused === paused) return fail(", to: "  if (false) return fail(" },
  { what: "maxUnavailable over 100% allowed", file: "engine/api/validation/workloads.ts", from: "&& intOrPercentValue(mu) > 100) {", to: "&& intOrPercentValue(mu) > 1000) {" },
  { what: "Recreate takes rollingUpdate", file: "engine/api/validation/workloads.ts", from: "      return strategy.rollingUpdate ? [forbidden(", to: "      return false ? [forbidden(" },
  { what: "rollout status ignores the deadline", file: "kubectl/rollout.ts", from: "  if (progressing?.reason === 'ProgressDeadlineExceeded') return", to: "  if (false) return" },
  // kubectl and transcripts
  { what: "names do not bind", file: "kubectl/output-match.ts", from: "    pending.set(piece, real);", to: "" },
  { what: "tables compared in order", file: "kubectl/output-match.ts", from: "  if (isHeader(e[i])) {", to: "  if (false) {" },
  { what: "no command suggestions", file: "kubectl/command-line.ts", from: "  const suggestions = suggestionsFor(typed, commands);", to: "  const suggestions: string[] = [];" },
  { what: "unknown long flags accepted", file: "kubectl/command-line.ts", from: "      if (!spec) throw new CommandLineError(`unknown flag: --${name}`, usageOf);", to: "      if (!spec) continue;" },
  { what: "delete does not wait", file: "kubectl/kubectl.ts", from: "    if (!gone(c) && c.now < limit) ctx.o.hung = true;", to: "" },
  { what: "--record writes no change-cause", file: "kubectl/kubectl.ts", from: "  const cause = boolFlag(ctx, 'record') ? changeCause(ctx, verb) : undefined;", to: "  const cause = undefined as string | undefined; void changeCause;" },
  { what: "unlabeled said labeled", file: "kubectl/kubectl.ts", from: "removedOnly && field === 'labels' ? 'unlabeled' : verb", to: "verb" },
  { what: "kubectl on a worker needs no kubeconfig", file: "kubectl/session.ts", from: "      if (host !== this.controlPlane && !(kubeconfig", to: "      if (false && !(kubeconfig" },
  { what: "reboot not simulated", file: "kubectl/session.ts", from: "    if (line === 'reboot') {", to: "    if (line === 'no reboot') {" },
  { what: "before/after rows not understood", file: "kubectl/transcript.ts", from: "  if (!expected.some((l) => PHASE.test(l))) return undefined;", to: "  return undefined;" },
  { what: "old RESTARTS format refused", file: "kubectl/output-match.ts", from: "  const a0 = /\\(\\S+ ago\\)/.test(expected) ? actual : actual.replace(/(\\d) \\(\\S+ ago\\)/g, '$1');", to: "  const a0 = actual;" },
  { what: "rebooted pods keep their sandbox", file: "engine/apiserver.ts", from: "    runtime = runtime.set(key, { ...rt, sandboxLost: true, containers });", to: "    runtime = runtime.set(key, { ...rt, containers });" },
  { what: "interruptions not checked", file: "kubectl/transcript.ts", from: "    else if (cmd.interrupted !== r.hung) {", to: "    else if (false) {" },
  { what: "unknown host commands run as nothing", file: "kubectl/transcript.ts", from: "    if (r.unsupported) {\n      results.push", to: "    if (false) {\n      results.push" },
  { what: "unknown directives ignored", file: "kubectl/transcript.ts", from: "      } else errors.push(`line ${i + 1}: unknown directive", to: "      } else void (`line ${i + 1}: unknown directive" },
  { what: "cordon changes nothing", file: "kubectl/kubectl.ts", from: "patch: { spec: { unschedulable: unschedulable ? true : null } }", to: "patch: { spec: {} }" },
  { what: "taints not removed", file: "kubectl/kubectl.ts", from: "        taints = taints.filter((t) => !(t.key === m[1] && (!m[3] || t.effect === m[3])));", to: "" },
  { what: "run without its label", file: "kubectl/kubectl.ts", from: ": { run: name };", to: ": {};" },
  { what: "describe without events", file: "kubectl/describe.ts", from: "  events(w, eventsOf(c, rs), c.now);", to: "" },
  { what: "jsonpath prints maps as text", file: "kubectl/jsonpath.ts", from: "const show = (v: unknown): string => (v !== null && typeof v === 'object' ? canonical(v) : String(v));", to: "const show = (v: unknown): string => String(v); void canonical;" },
  { what: "several kinds without their prefix", file: "kubectl/kubectl.ts", from: "          ...(several ? { kindPrefix:", to: "          ...(false ? { kindPrefix:" },
  { what: "patch always says changed", file: "kubectl/kubectl.ts", from: "patched${changed ? '' : ' (no change)'}", to: "patched" },
  { what: "edit never cancels", file: "kubectl/kubectl.ts", from: "      if (canonical(edited) === canonical(live)) {", to: "      if (false) {" },
  { what: "editor directive ignored", file: "kubectl/transcript.ts", from: "    session.nextEdit = cmd.edit;", to: "" },
  { what: "watch prints no changes", file: "kubectl/kubectl.ts", from: "    ctx.o.raw(table.split('\\n').slice(1).join('\\n'));", to: "" },
  { what: "describe node without taints", file: "kubectl/describe.ts", from: "  taints.forEach((t, i) => w.write(", to: "  [].forEach((t: any, i) => w.write(" },
  { what: "custom columns print nothing for a missing field", file: "kubectl/jsonpath.ts", from: "values.map(show).join(',') : '<none>';", to: "values.map(show).join(',') : '';" },
  { what: "pipes ignored", file: "kubectl/session.ts", from: "    if (first.unsupported || stages.length === 1) return first;", to: "    return first;" },
  { what: "net: ExternalName is no CNAME", file: "engine/network/dns.ts", from: "if (svc.spec?.type === 'ExternalName') return { cname: String(svc.spec.externalName ?? '').replace(/\\.$/, '') };", to: "if (svc.spec?.type === 'ExternalName') return undefined;" },
  { what: "net: headless name answers one pod", file: "engine/network/dns.ts", from: "return { a: endpointAddresses(c, ns, svcName).map((a) => a.ip) };", to: "return { a: endpointAddresses(c, ns, svcName).map((a) => a.ip).slice(0, 1) };" },
  { what: "net: no DNS search list", file: "engine/network/dns.ts", from: "  return [`${name}.${ns}.svc.${ZONE}`, `${name}.svc.${ZONE}`, `${name}.${ZONE}`, name];", to: "  return [name];" },
  { what: "net: nslookup in every image", file: "engine/node/container-exec.ts", from: "  if (!DNSUTILS_IMAGES.includes(repo)) return", to: "  if (false) return" },
  { what: "net: kube-proxy ignores externalIPs", file: "engine/network/traffic.ts", from: "((svc.spec?.externalIPs ?? []) as string[]).includes(ip)", to: "false" },
  { what: "net: kube-proxy routes to not-ready endpoints", file: "engine/network/endpoints-util.ts", from: "    for (const a of s.addresses ?? []) out.push(", to: "    for (const a of [...(s.addresses ?? []), ...((s as any).notReadyAddresses ?? [])]) out.push(" },
  { what: "ingress: shortest path wins", file: "engine/network/ingress.ts", from: "if (!best || len > best.len || (len === best.len && exact && !best.exact))", to: "if (!best || len < best.len)" },
  { what: "ingress: classless Ingresses served", file: "engine/network/ingress.ts", from: "  if (className === undefined) return config.watchWithoutClass;", to: "  if (className === undefined) return true;" },
  { what: "ingress: wildcard covers any depth", file: "engine/network/ingress.ts", from: "return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes('.') && h.length > suffix.length;", to: "return h.endsWith(suffix);" },
  { what: "ingress: Prefix as a string prefix", file: "engine/network/ingress.ts", from: "  return request === prefix || request.startsWith(`${prefix}/`);", to: "  return request.startsWith(prefix);" },
  { what: "ingress: host server falls back to the catch-all", file: "engine/network/ingress.ts", from: "  if (catchAll) server = rulesFor((h) => !h);", to: "  server = [...server, ...rulesFor((h) => !h)];" },
  { what: "ingress: defaultBackend ignored", file: "engine/network/ingress.ts", from: "    const backend = backendOf(ing, ing.spec?.defaultBackend);", to: "    const backend = undefined as ServiceBackend | undefined;" },
  { what: "ingress: no X-Forwarded-For", file: "engine/network/traffic.ts", from: "forwardedFor: request.clientIP,", to: "forwardedFor: '',"},
  { what: "ingress: 404 without endpoints", file: "engine/network/traffic.ts", from: "  if (!endpoints.length) return { answer: unavailable, rng };", to: "  if (!endpoints.length) return { answer: { ok: true, status: 404, body: '', servedBy: '' }, rng };" },
  { what: "ingress: several default classes allowed", file: "engine/api/admission.ts", from: "  if (defaults.length > 1) return", to: "  if (defaults.length > 9) return" },
  { what: "ingress: no default class", file: "engine/api/admission.ts", from: "  if (defaults.length === 1) ing.spec", to: "  if (defaults.length === 9) ing.spec" },
  { what: "ingress: no address written", file: "engine/control-plane.ts", from: "serviceLoadBalancerController, ingressNginxStatusController,", to: "serviceLoadBalancerController," },
  { what: "ingress: pathType optional", file: "engine/api/validation/ingress.ts", from: "return [required(`${path}.pathType`, 'pathType must be specified')];", to: "return [];" },
  { what: "ingress: controller path unchecked", file: "engine/api/validation/ingress.ts", from: "  if (slash <= 0 || slash === controller.length - 1) return", to: "  if (false) return" },
  { what: "eviction a minute late", file: "engine/controllers/taint-eviction.ts", from: "  return added + min * 1000;", to: "  return added + min * 1000 + 60_000;" },
  { what: "describe endpoints: not-ready as ready", file: "kubectl/describe.ts", from: "(subset.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'", to: "(subset.addresses ?? []).map((a) => a.ip).join(',') || '<none>'" },
  { what: "config: missing ConfigMap ignored", file: "engine/node/container-env.ts", from: "  if (!obj) return ref.optional ? {} : { error: `${kind.toLowerCase()} \"${ref.name}\" not found` };", to: "  if (!obj) return {};" },
  { what: "config: env read at exec time", file: "engine/node/container-exec.ts", from: "...(state?.env ?? [])", to: "...((): [string, string][] => { const e = require('./container-env').containerEnv(c, pod, spec); return 'env' in e ? e.env : []; })()" },
  { what: "config: Secret values not decoded", file: "engine/node/container-env.ts", from: "return { value: kind === 'Secret' ? Buffer.from(data[ref.key!], 'base64').toString('utf8') : data[ref.key!] };", to: "return { value: data[ref.key!] };" },
  { what: "config: stringData dropped", file: "engine/api/defaults.ts", from: "      delete o.stringData;", to: "      delete o.data;" },
  { what: "config: immutable ConfigMap changes", file: "engine/api/validation/config.ts", from: "  if (!prev.immutable) return [];", to: "  return [];" },
  { what: "config: base64 unchecked", file: "engine/api/schema.ts", from: "          if (at !== undefined) found.typeError", to: "          if (at === -1) found.typeError" },
  { what: "config: no retry after CreateContainerConfigError", file: "engine/node/kubelet.ts", from: "set({ phase: 'configError', since: at, until: at + CONFIG_RETRY_MS,", to: "set({ phase: 'configError', since: at, until: at + 100 * CONFIG_RETRY_MS," },
  { what: "config: volumes mounted without their objects", file: "engine/node/kubelet.ts", from: "  if (!s.rt.volumesMounted && !pod.metadata.deletionTimestamp) {", to: "  if (false) {" },
  { what: "config: volume items ignored", file: "engine/node/config-volumes.ts", from: "const entries = src.items ? src.items", to: "const entries = false ? src.items!" },
  { what: "logs: requests not logged", file: "engine/network/curl.ts", from: "    if (r.answer.log) cluster = recordLog(cluster, r.answer.log);", to: "" },
  { what: "logs: crash loop shows nothing", file: "engine/node/container-logs.ts", from: "  } else if (ct?.phase === 'crashBackOff' && ct.lastTerminated) {", to: "  } else if (false && ct?.lastTerminated) {" },
  { what: "logs: HEAD counts the body", file: "engine/network/traffic.ts", from: "const bytes = method === 'HEAD' ? 0 :", to: "const bytes =" },
  { what: "logs: output before it is printed", file: "engine/node/container-logs.ts", from: "    .filter((o) => o.at <= w.to);", to: "" },
  { what: "describe endpointslice: ready inverted", file: "kubectl/describe.ts", from: "'<unset>' : String(e.conditions.ready)}", to: "'<unset>' : String(!e.conditions.ready)}" },
  { what: "lease: never renewed", file: "engine/apiserver.ts", from: "  return { cluster: changed ? renewLease(c1, node) : c1, outcome: ok() };", to: "  return { cluster: c1, outcome: ok() };" },
  { what: "lease: not owned by its Node", file: "engine/cluster.ts", from: "      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! }],\n", to: "" },
  { what: "quota: the new object's cost ignored", file: "engine/api/quota.ts", from: "    const failed = relevant.filter((r) => used.get(r)! + requested.get(r)! > hardValue(r, hard[r]));", to: "    const failed = relevant.filter((r) => used.get(r)! > hardValue(r, hard[r]));" },
  { what: "quota: unstated requests allowed", file: "engine/api/quota.ts", from: "      if (missing.size) return", to: "      if (false) return" },
  { what: "quota: status never written", file: "engine/controllers/resource-quota.ts", from: "    if (jsonEqual(q.status ?? {}, status)) return NOTHING;", to: "    return NOTHING;" },
  { what: "limitrange: no defaults", file: "engine/api/limit-range.ts", from: "          if (c.resources.requests?.[k] === undefined) {", to: "          if (false) {" },
  { what: "limitrange: no maximum", file: "engine/api/limit-range.ts", from: "          else if (amount(k, lim[k]) > amount(k, v)) errors.push", to: "          else if (false) errors.push" },
  { what: "limitrange: default not from max", file: "engine/api/limit-range.ts", from: "  for (const [k, v] of Object.entries(item.max ?? {})) item.default[k] ??= v;", to: "" },
  { what: "logs: probes not logged", file: "engine/node/container-logs.ts", from: "return { lines: [...own, ...served, ...probed].sort", to: "return { lines: [...own, ...served].sort" },
  { what: "quota: scopes ignored", file: "engine/api/quota.ts", from: "  if (!scopes.length) return true;", to: "  return true;" },
];

const root = resolve(__dirname, '..');

/** The names of the scenarios that fail now. */
function failingScenarios(): Set<string> {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js'), '--format', 'summary'], { cwd: root, encoding: 'utf8' });
  return new Set([...r.stdout.matchAll(/^\d+\) Scenario(?: Outline)?: (.*?) #/gm)].map((m) => m[1]));
}

function allScenarios(dir = join(root, 'features')): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return allScenarios(p);
    return f.endsWith('.feature') ? [...readFileSync(p, 'utf8').matchAll(/^\s*Scenario: (.*)$/gm)].map((m) => m[1].trim()) : [];
  });
}

const baseline = failingScenarios();
if (baseline.size) {
  console.error(`the suite must pass before mutating; failing: ${[...baseline].join('; ')}`);
  process.exit(1);
}
// `npm run mutants -- <words>`: only the mutations whose description contains one of the words
const only = process.argv.slice(2);
const selected = only.length ? MUTATIONS.filter((m) => only.some((w) => m.what.includes(w))) : MUTATIONS;
const seen = new Set<string>();
let missed = 0;
for (const m of selected) {
  const path = join(root, m.file);
  const original = readFileSync(path, 'utf8');
  if (!original.includes(m.from)) {
    console.log(`?       ${m.what}: the code it mutates has changed; update the mutation`);
    missed++;
    continue;
  }
  writeFileSync(path, original.replace(m.from, m.to));
  try {
    const failing = [...failingScenarios()];
    failing.forEach((s) => seen.add(s));
    if (!failing.length) missed++;
    console.log(`${failing.length ? 'caught ' : 'MISSED '} ${m.what}${failing.length ? ` (${failing.length} failing)` : ''}`);
  } finally {
    writeFileSync(path, original);
  }
}
const never = only.length ? [] : allScenarios().filter((s) => !seen.has(s));
console.log(`\n${selected.length} mutations, ${selected.length - missed} caught; scenarios never seen failing: ${never.length ? never.join('; ') : only.length ? '(not checked for a selection)' : 'none'}`);
process.exit(missed || never.length ? 1 : 0);
