// Japanese text for accounts that stay alive, costs that are visible and posts proven live:
// loaded with the screens that show them (calendar, editor, review, accounts), not with the
// first screen.
export const jaLive = {
  publishing: {
    proof: { verified: "公開を確認", unverified: "公開済み（確認中）", by_hand: "手動で投稿" },
    proofHelp: {
      verified: "{{time}}に媒体から投稿を読み出し、公開されていることを確かめました。",
      unverified: "媒体は投稿を受け付けました。数分のうちに投稿を読み出して確かめます。",
      by_hand: "担当者が手動で投稿し、投稿のURLを記録しました。",
    },
    cost: "Xの利用額 {{amount}}",
  },
  accounts: {
    expiryOn: "接続の期限：{{date}}",
    expirySource: { platform: "媒体に確認済み", assumed: "推定：つないだ日から数えた目安" },
    checkExpiry: "期限を媒体に確かめる",
    checked: "接続の期限を確かめました（媒体から読み取り{{read}}件、前もって更新{{renewed}}件、無効{{invalid}}件）。",
    xSpendOf: "{{name}}のXの利用額",
    xSpend: "今月の利用額 {{spent}}",
    xSpendCapped: "今月の利用額 {{spent}}／上限 {{cap}}",
    xCap: "月の上限（ドル）",
    xCapNone: "上限なし",
    xCapInvalid: "金額をドルで入力してください（例：10 または 12.50）。空欄にすると上限なしになります。",
  },
  calendar: {
    connectionEnded: "。この投稿の予定日には{{account}}の接続が切れています（アカウント画面でつなぎ直してください）",
  },
  editor: {
    xCostLabel: "Xの利用額の見込み",
    xCost: "Xへの投稿の利用額：約{{amount}}",
    xCostLink: "Xへの投稿の利用額：約{{amount}}（リンクを含む投稿は、含まない投稿の十倍以上かかります）",
    xMonth: "今月はここまで{{spent}}",
    xMonthCapped: "今月はここまで{{spent}}／上限{{cap}}",
    xOverCap: "このまま予定の時刻になると、月の上限を超えるため送りません。アカウント画面で上限を見直してください。",
  },
};
