import { type DelegationView, delegationState, delegatorsToActFor } from './delegation.types';

const d = (over: Partial<DelegationView> = {}): DelegationView => ({
  id: 'd1',
  delegatorUserId: 'u-chief',
  delegatorUsername: 'chief',
  delegatorName: 'Trưởng phòng',
  deputyUserId: 'u-deputy',
  deputyUsername: 'deputy',
  deputyName: 'Phó phòng',
  validFrom: '2026-12-03',
  validTo: '2026-12-10',
  reason: 'Đi công tác',
  createdBy: 'u-chief',
  revokedAt: null,
  ...over,
});

describe('delegation state (ủy quyền): both ends of the period are days it holds', () => {
  it.each([
    ['the day before it starts', '2026-12-02', 'upcoming', {}],
    ['its first day', '2026-12-03', 'active', {}],
    ['a day inside', '2026-12-06', 'active', {}],
    ['its last day', '2026-12-10', 'active', {}],
    ['the day after its last', '2026-12-11', 'ended', {}],
    ['a one-day delegation on its day', '2026-12-03', 'active', { validTo: '2026-12-03' }],
    ['revoked inside the period', '2026-12-06', 'revoked', { revokedAt: '2026-12-05T02:00:00.000Z' }],
    ['revoked before it started', '2026-12-01', 'revoked', { revokedAt: '2026-11-30T02:00:00.000Z' }],
  ] as [string, string, string, Partial<DelegationView>][])('%s (%s) → %s', (_, today, state, over) => expect(delegationState(d(over), today)).toBe(state));

  it('offers a deputy the delegators whose delegation holds today, once each, never their own', () => {
    const items = [
      d(),
      d({ id: 'd2' }), // a second delegation from the same chief
      d({ id: 'd3', delegatorUserId: 'u-other', validFrom: '2026-12-20', validTo: '2026-12-24' }),
      d({ id: 'd4', delegatorUserId: 'u-third', revokedAt: '2026-12-03T01:00:00.000Z' }),
      d({ id: 'd5', delegatorUserId: 'u-deputy', deputyUserId: 'u-chief' }), // given by the user, not received
    ];
    expect(delegatorsToActFor(items, 'u-deputy', '2026-12-06').map((x) => x.id)).toEqual(['d1']);
    expect(delegatorsToActFor(items, 'u-deputy', '2026-12-21').map((x) => x.id)).toEqual(['d3']);
    expect(delegatorsToActFor(items, 'u-chief', '2026-12-06').map((x) => x.id)).toEqual(['d5']);
  });
});
