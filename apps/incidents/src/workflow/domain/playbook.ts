import type { Task, TaskAssignee } from '../../incidents/domain/incident';

export interface PlaybookTaskTemplate {
  title: string;
  assignee: TaskAssignee;
  /** Due this many minutes after the playbook is instantiated. */
  dueMinutes: number;
  checklist: string[];
}

/** The tasks an incident of one category gets when it is classified. */
export interface Playbook {
  category: string;
  tasks: PlaybookTaskTemplate[];
}

/**
 * The playbook's tasks for one incident, due relative to `at`. Task ids are derived from the
 * playbook and the template's place in it, so instantiating twice (a retried request) cannot
 * make the same task twice.
 */
export function instantiatePlaybook(playbook: Playbook, at: Date): Task[] {
  return playbook.tasks.map((template, index) => ({
    id: `${playbook.category}-${index + 1}`,
    title: template.title,
    assignee: template.assignee,
    dueAt: new Date(at.getTime() + template.dueMinutes * 60_000).toISOString(),
    checklist: template.checklist.map((text) => ({ text, done: false })),
    status: 'open',
    playbook: playbook.category,
  }));
}
