import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLang } from '../i18n';
import { fakeApi, signIn } from '../test-support';
import { AdminReorganisationPage } from './admin-reorganisation-page';

// The answer of a dry run that abolishes a district office into two wards: its consolidation is split.
const PREVIEW = {
  id: null,
  status: 'preview',
  goners: [{ unitId: 'hp-pgd-lechan', successorIds: ['hp-xa-lechan-1', 'hp-xa-lechan-2'] }],
  openAssignments: [{ unitId: 'hp-pgd-lechan', asAssignee: 1, asReviewer: 3, asExpectedReporter: 1 }],
  moves: {
    total: 2,
    items: [
      { assignmentId: 'a1', action: 'reassign', fromUnitId: 'hp-pgd-lechan', toUnitId: 'hp-xa-lechan-1', shares: [{ unitId: 'hp-xa-lechan-2', expected: ['hp-thcs-lechan-2', 'hp-th-lechan-2'] }] },
      { assignmentId: 'a2', action: 'merge_into', fromUnitId: 'hp-pgd-lechan', toUnitId: 'hp-xa-lechan-1' },
    ],
  },
  chains: { total: 0, items: [] },
  usersToRehome: { total: 0, items: [] },
};

describe('reorganisation', () => {
  it('previews a split consolidation: which successor consolidates which units, and only then allows applying', async () => {
    setLang('vi');
    signIn({ roles: ['admin'] });
    const { calls } = fakeApi([{ method: 'POST', path: '/reorganisations', body: PREVIEW }]);
    render(<AdminReorganisationPage />);
    const apply = screen.getByRole('button', { name: 'Áp dụng' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    const shares = await screen.findByTestId('split-shares');
    expect(within(shares).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['tách cho hp-xa-lechan-2: tổng hợp 2 đơn vị (hp-thcs-lechan-2, hp-th-lechan-2)']);
    expect(screen.getAllByTestId('split-shares')).toHaveLength(1); // the merged move has no shares
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ dryRun: true });
    expect(apply.disabled).toBe(false);
  });

  it('names a consolidation absorbed into the one its successor already has', async () => {
    setLang('vi');
    signIn({ roles: ['admin'] });
    const merge = { ...PREVIEW, moves: { total: 1, items: [{ assignmentId: 'a3', action: 'absorb', fromUnitId: 'hp-pgd-ngoquyen', toUnitId: 'hp-pgd-moi' }] } };
    fakeApi([{ method: 'POST', path: '/reorganisations', body: merge }]);
    render(<AdminReorganisationPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    expect(await screen.findByText(/hợp nhất tổng hợp hp-pgd-ngoquyen → hp-pgd-moi/)).toBeTruthy();
  });
});
