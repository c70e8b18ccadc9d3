import { foldText, searchPatterns } from './search.sql';

describe('search folding', () => {
  it.each([
    ['Chuyển đổi SỐ', 'chuyen doi so'],
    ['ĐÀO TẠO', 'dao tao'],
    ['Lê Chân', 'le chan'],
    ['Trường THCS Hoa Sen', 'truong thcs hoa sen'],
  ])('%s → %s', (text, folded) => expect(foldText(text)).toBe(folded));

  it('turns words into patterns, wildcards taken literally', () => {
    expect(searchPatterns('  Lê  50%_x ')).toEqual(['%le%', '%50\\%\\_x%']);
    expect(searchPatterns('')).toEqual([]);
    expect(searchPatterns(null)).toEqual([]);
  });

  it('folds decomposed text (NFD) the same as composed', () => {
    expect(foldText('Chuyển'.normalize('NFD'))).toBe('chuyen');
  });
});
