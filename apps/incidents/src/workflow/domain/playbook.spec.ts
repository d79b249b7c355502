import { instantiatePlaybook, type Playbook } from './playbook';

const playbook: Playbook = {
  category: 'intrusion',
  tasks: [
    { title: 'Isolate', assignee: 'agency', dueMinutes: 60, checklist: ['Unplug', 'Tell the SOC'] },
    { title: 'Collect logs', assignee: 'responders', dueMinutes: 240, checklist: [] },
  ],
};

describe('instantiatePlaybook', () => {
  it('makes one open task per template, due relative to the classification time', () => {
    const tasks = instantiatePlaybook(playbook, new Date('2026-12-06T10:00:00.000Z'));
    expect(tasks).toEqual([
      {
        id: 'intrusion-1',
        title: 'Isolate',
        assignee: 'agency',
        dueAt: '2026-12-06T11:00:00.000Z',
        checklist: [
          { text: 'Unplug', done: false },
          { text: 'Tell the SOC', done: false },
        ],
        status: 'open',
        playbook: 'intrusion',
      },
      {
        id: 'intrusion-2',
        title: 'Collect logs',
        assignee: 'responders',
        dueAt: '2026-12-06T14:00:00.000Z',
        checklist: [],
        status: 'open',
        playbook: 'intrusion',
      },
    ]);
  });

  it('gives the same ids when instantiated again, so a retry cannot duplicate tasks', () => {
    const first = instantiatePlaybook(playbook, new Date('2026-12-06T10:00:00.000Z'));
    const again = instantiatePlaybook(playbook, new Date('2026-12-06T10:05:00.000Z'));
    expect(again.map((task) => task.id)).toEqual(first.map((task) => task.id));
  });
});
