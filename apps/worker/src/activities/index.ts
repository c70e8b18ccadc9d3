import type { EngineActivities } from '@khflow/contracts';
import { AssignmentProjectionActivity } from './assignment-projection.activity';
import { DirectoryActivity } from './directory.activity';
import { PlanActivity } from './plan.activity';

export { AssignmentProjectionActivity, DirectoryActivity, PlanActivity };
export const ACTIVITY_CLASSES = [PlanActivity, AssignmentProjectionActivity, DirectoryActivity];

/** Binds the injectable classes' methods into the activity map the Temporal worker registers. */
export function activityMap(plan: PlanActivity, projection: AssignmentProjectionActivity, directory: DirectoryActivity): EngineActivities {
  return {
    launchPlan: plan.launchPlan.bind(plan),
    recordPlanEvent: plan.recordPlanEvent.bind(plan),
    addTask: plan.addTask.bind(plan),
    updateTask: plan.updateTask.bind(plan),
    resolveTaskTargets: plan.resolveTaskTargets.bind(plan),
    changeTaskTargets: plan.changeTaskTargets.bind(plan),
    nodeChildren: plan.nodeChildren.bind(plan),
    recordAssignmentEvent: projection.recordAssignmentEvent.bind(projection),
    recordAssignmentEvents: projection.recordAssignmentEvents.bind(projection),
    escalationTargets: directory.escalationTargets.bind(directory),
    workingCalendar: directory.workingCalendar.bind(directory),
    scheduleUnitMerge: directory.scheduleUnitMerge.bind(directory),
    prepareReorganisationMoves: directory.prepareReorganisationMoves.bind(directory),
    reorganisationMovesPage: directory.reorganisationMovesPage.bind(directory),
    recordAssignmentMerged: directory.recordAssignmentMerged.bind(directory),
    completeReorganisation: directory.completeReorganisation.bind(directory),
  };
}
