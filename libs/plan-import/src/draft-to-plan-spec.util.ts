// An imported draft becomes a plan draft (PlanSpec) the owner reviews and corrects through the normal plan
// endpoints. Nothing is dropped: unresolved units stay as text targets (and keep their warnings), the import
// result itself is kept as the plan's source.
import type { ImportedPlanDraft, ImportedUnitRef, PlanSpec, TargetSpec, TaskSpec } from '@khflow/contracts';

function target(ref: ImportedUnitRef): TargetSpec {
  if (ref.group) return { text: ref.text, group: { kinds: ref.group.kinds, underUnitId: ref.group.underUnitId ?? null } };
  return { text: ref.text, unitId: ref.unitId };
}

export function draftToPlanSpec(draft: ImportedPlanDraft, issuerUnitId: string): { spec: PlanSpec; warnings: string[] } {
  const warnings = [...draft.warnings];
  // Drafts with warning details already say which tasks lack a lead or name unknown units (in Vietnamese).
  const reported = !!draft.warningDetails;
  const tasks: TaskSpec[] = draft.tasks.map((t) => {
    if (reported) return toTaskSpec(t);
    if (!t.lead.length) warnings.push(`task ${t.ref} (lines ${t.lines[0]}-${t.lines[1]}): no lead unit found; choose one before launching`);
    for (const r of [...t.lead, ...t.coordinators]) if (!r.unitId && !r.group) warnings.push(`task ${t.ref}: "${r.text}" is not a unit of the directory; kept as text`);
    return toTaskSpec(t);
  });
  return {
    spec: {
      number: draft.number,
      title: draft.title ?? 'Kế hoạch (chưa có tiêu đề)',
      issuerUnitId: draft.issuer?.unitId ?? issuerUnitId,
      issuedAt: draft.issuedAt,
      place: draft.place,
      basis: draft.basis.map((b) => ({ text: b.text, number: b.number, date: b.date })),
      tasks,
    },
    warnings: [...new Set(warnings)],
  };
}

function toTaskSpec(t: ImportedPlanDraft['tasks'][number]): TaskSpec {
  return {
      ref: t.ref,
      title: t.title,
      content: t.content,
      lead: t.lead.map(target),
      coordinators: t.coordinators.map(target),
      timeframe: {
        text: t.timeframe.text,
        kind: t.timeframe.kind,
        due: t.timeframe.due,
        start: t.timeframe.start,
        recurrence: t.timeframe.recurrence,
      },
      lines: t.lines,
  };
}
