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
  update: {
    label: "つなぐの更新",
    available: "つなぐの新しい版 {{version}} があります",
    install: "更新する",
    installing: "更新しています…",
    later: "あとで",
    installed: "新しい版 {{version}} を入れました。再起動すると新しい版で開きます。",
    restart: "今すぐ再起動",
    problem: {
      bad_config: "更新の設定ファイルが正しくありません。会社のIT担当に確認してください。",
      unreachable: "更新の確認先につながりませんでした。ネットワークか共有フォルダーを確かめてください。今の版はそのまま使えます。",
      bad_manifest: "更新の案内ファイルが読めない形式か、このパソコン向けの版を含んでいません。会社のIT担当に確認してください。",
      bad_signature: "署名を確かめられないため、版 {{version}} は入れません。会社の鍵で署名されていない可能性があります。今の版はそのまま使えます。",
      downgrade: "版 {{version}} は今の版より古いため、入れません。今の版はそのまま使えます。",
      busy: "投稿の公開かチームの同期の最中です。終わってからもう一度「更新する」を押してください。",
      install_failed: "新しい版を書き込めませんでした。今の版はそのまま使えます。会社のIT担当に「詳細」を伝えてください。",
    },
  },
  intakeBadge: { open: "スマホ受付中", left: "残り{{minutes}}分", label: "スマホ受付の画面を開く" },
};
