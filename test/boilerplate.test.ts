// Site boilerplate known by the shape of the line, not by one site's strings.
import { describe, expect, it } from 'vitest';
import { boilerplateKind } from '../src/ingest/boilerplate.js';
import { parseArticle } from '../src/ingest/parse.js';

describe('boilerplate lines', () => {
  it.each([
    ['Next Previous', 'navigation'],
    ['السابق التالي', 'navigation'],
    ['« المقال السابق | المقال التالي »', 'navigation'],
    ['سمات الرياض، السعودية، وزارة الصحة، كورونا', 'tags'],
    ['الوسوم: الذهب، الدولار، الأسواق', 'tags'],
    ['كلمات مفتاحية: النفط أوبك', 'tags'],
    ['شارك عبر فيسبوك تويتر واتساب', 'share bar'],
    ['طباعة | البريد الإلكتروني | حفظ', 'share bar'],
    ['Share Tweet Email Print', 'share bar'],
    ['اقرأ أيضاً: الذهب يرتفع مع تراجع الدولار', 'read also'],
    ['إقرأ أيضا', 'read also'],
    ['...المزيد', 'read also'],
    ['© 2015 جميع الحقوق محفوظة لصحيفة سبق الإلكترونية', 'copyright'],
    ['اشترك في النشرة البريدية لتصلك آخر الأخبار', 'subscription'],
    ['تابعونا على تويتر', 'subscription'],
    ['تصوير: زاهد بخش', 'photo credit'],
    ['الصورة - أرشيفية', 'photo credit'],
    ['(رويترز)', 'photo credit'],
    ['(أ ف ب)', 'photo credit'],
  ])('%s: %s', (line, kind) => {
    expect(boilerplateKind(line)).toBe(kind);
  });

  it.each([
    'وقال المتحدث إن الاجتماع السابق لم يسفر عن نتائج، وإن الاجتماع التالي سيعقد في الرياض الأسبوع المقبل.',
    'اقرأ أيضاً ما كتبه الزميل في عدد أمس عن الأزمة، فقد شرح فيه بالتفصيل كيف بدأت المفاوضات بين الطرفين وكيف تعثرت في مراحلها الأولى ثم عادت من جديد بعد تدخل الوسطاء الإقليميين والدوليين.',
    'وأكدت الشركة أن جميع الحقوق محفوظة للمساهمين وفق نظام الشركات الجديد الذي أقرته الحكومة هذا العام بعد نقاش طويل في مجلس الشورى حول حماية صغار المستثمرين في السوق المالية السعودية وتنظيم الطروحات.',
    'شارك أكثر من ألف متسابق في الماراثون الذي أقيم صباح أمس.',
    'رويترز',
    'تابع الرئيس حديثه قائلاً إن المرحلة المقبلة تتطلب تعاوناً أكبر.',
  ])('keeps article text: %s', (line) => {
    expect(boilerplateKind(line)).toBeNull();
  });

  it('an article keeps none of it, and says what it dropped', () => {
    const body =
      'قال متعاملون إن أسعار الذهب تراجعت في التعاملات المبكرة اليوم مع صعود الدولار الأمريكي أمام سلة من العملات الرئيسية.';
    const text = [
      'الذهب يقلص مكاسبه',
      'الثلاثاء 21/يوليو/2015 - 02:48 ص',
      'Next Previous علي القحطاني – الرياض',
      body,
      'اقرأ أيضاً: النفط يهبط لأدنى مستوى في ستة أشهر',
      body.replace('الذهب', 'الفضة'),
      'سمات الذهب، الدولار، الأسواق',
      'شارك عبر فيسبوك تويتر واتساب',
      '© 2015 جميع الحقوق محفوظة',
    ].join('\n');
    const article = parseArticle(text, 'x.txt');
    expect(article.byline).toBe('علي القحطاني – الرياض');
    expect(article.authors).toEqual([{ name: 'علي القحطاني' }]);
    expect(article.place).toBe('الرياض');
    expect(article.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
    const dropped = article.warnings
      .filter((w) => / dropped: /.test(w.message))
      .map((w) => w.message.split(' dropped')[0]);
    expect(dropped).toEqual(['read also', 'tags', 'share bar', 'copyright']);
  });
});
