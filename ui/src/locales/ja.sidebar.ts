// Japanese text of the sidebar's signs: the phone page open, connections ending, the next
// post. Spread into `ja`.
export const jaSidebar = {
  nextPost: {
    label: "次の公開",
    needsPc: "次の公開：このパソコンが起動していれば {{time}} に公開",
    platformHolds: "次の公開：{{time}}（媒体が公開するため、パソコンの電源は不要）",
  },
  expiryBadge: {
    label: "接続の期限",
    ends: "{{name}}の接続があと{{count}}日で切れます",
    ended: "{{name}}の接続が切れています",
    more: "ほか{{count}}件",
  },
  intakeBadge: { open: "スマホ受付中", left: "残り{{minutes}}分", label: "スマホ受付の画面を開く" },
};
