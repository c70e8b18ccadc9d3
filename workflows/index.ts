// Every workflow type the khflow worker runs.
export { planWorkflow } from './plan.workflow';
export { taskWorkflow } from './task.workflow';
export { nodeWorkflow } from './node.workflow';
export { assignmentWorkflow } from './assignment/assignment.workflow';
export { reorganisationWorkflow } from './reorganisation.workflow';
// Issue 20 prototype: assignments hosted as state by one workflow (only the bench starts it).
export { hostedAssignmentsWorkflow } from './assignment/hosted-assignments.workflow';
