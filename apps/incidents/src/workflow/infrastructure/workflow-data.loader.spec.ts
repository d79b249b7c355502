import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadWorkflowData, workflowDirectory, WorkflowDataError } from './workflow-data.loader';

function dataDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-workflow-'));
  mkdirSync(path.join(dir, 'playbooks'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const WORKFLOW = `version: 1
initial: open
states: [{ id: open, vi: Mở, en: Open }, { id: done, vi: Xong, en: Done, terminal: true }]
transitions: [{ from: open, to: done, roles: [responder], requires: [reason] }]
`;

describe('loadWorkflowData', () => {
  it('loads the shipped workflow, a playbook for every category and the grouping rules', () => {
    const data = loadWorkflowData(workflowDirectory('default'));
    expect(data.workflow.initial).toBe('received');
    expect([...data.playbooks.keys()].sort()).toEqual([
      'data-leak',
      'ddos',
      'defacement',
      'intrusion',
      'malware-ransomware',
      'other',
      'phishing',
    ]);
    expect(data.groupingRules.map((rule) => rule.name)).toEqual(['ssh-attack-on-one-host']);
  });

  it('loads a minimal workflow with no grouping and no playbooks', () => {
    const data = loadWorkflowData(dataDir({ 'workflow.yml': WORKFLOW }));
    expect(data.workflow.transitions).toEqual([
      {
        from: ['open'],
        to: 'done',
        roles: ['responder'],
        requires: ['reason'],
        stamps: [],
        classifies: false,
      },
    ]);
    expect(data.groupingRules).toEqual([]);
  });

  it('names the file and the field when a workflow is wrong', () => {
    const dir = dataDir({
      'workflow.yml': WORKFLOW.replace('[responder]', '[janitor]').replace('[reason]', '[luck]'),
    });
    expect(() => loadWorkflowData(dir)).toThrow(WorkflowDataError);
    expect(() => loadWorkflowData(dir)).toThrow(
      /workflow\.yml: .*transitions\.0\.roles\.0: must be equal to one of the allowed values/,
    );
    expect(() => loadWorkflowData(dir)).toThrow(/transitions\.0\.requires\.0/);
    const unknownState = dataDir({ 'workflow.yml': WORKFLOW.replace('to: done', 'to: finished') });
    expect(() => loadWorkflowData(unknownState)).toThrow(/transitions\[0\]\.to: "finished" is not a state/);
    const notYaml = dataDir({ 'workflow.yml': 'states: [' });
    expect(() => loadWorkflowData(notYaml)).toThrow(/cannot be read as YAML/);
  });

  it('names bad playbooks and grouping rules', () => {
    const dir = dataDir({ 'workflow.yml': WORKFLOW });
    writeFileSync(
      path.join(dir, 'playbooks', 'x.yml'),
      'category: zombies\ntasks: [{ title: t, assignee: agency, due_minutes: -1 }]\n',
    );
    expect(() => loadWorkflowData(dir)).toThrow(
      /x\.yml: category: must be equal to one of the allowed values.*tasks\.0\.due_minutes: must be >= 0/,
    );
    const grouping = dataDir({
      'workflow.yml': WORKFLOW,
      'grouping.yml':
        'version: 1\nrules: [{ name: r, match: {}, group_by: [], window_minutes: 30, incident: { title: t } }]\n',
    });
    expect(() => loadWorkflowData(grouping)).toThrow(
      /grouping\.yml: rules\.0\.group_by: must NOT have fewer than 1 items/,
    );
  });
});
