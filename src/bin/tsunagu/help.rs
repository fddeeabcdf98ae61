//! The text of `tsunagu help`: every command with its options, kept apart from the dispatch.

pub(super) const HELP: &str = "\
tsunagu — the Tsunagu workspace from the command line

USAGE:
    tsunagu [--workspace DIR] <COMMAND> [OPTIONS]

The workspace is DIR, else $TSUNAGU_WORKSPACE, else the app's default folder.

COMMANDS:
    init DIR --name NAME [--time-zone ZONE] [--language ja|en]
                        Start the company's own workspace in DIR (a new or empty folder):
                        no people, no posts; the default guideline and templates
    demo DIR [--posts N] [--people N] [--seed S] [--today YYYY-MM-DD] [--fixture]
                        Build a demo workspace in DIR (a new or empty folder); it says
                        デモ everywhere and never becomes a team or holds real accounts.
                        With --fixture, the same people and posts in an ordinary workspace
                        (for tests and for trying team sync and accounts)
    info [--json]       Show what the workspace holds
    calendar --month YYYY-MM [--json]
                        List the month's posts in the workspace time zone
    settings [--name NAME] [--time-zone ZONE] [--language system|ja|en]
             [--public-ranking on|off] [--second-reviewer on|off] [--min-group-size N]
             [--assistant-cloud on|off] [--json]
                        Show or change the workspace settings
    count --platform P [--json]
                        Count stdin the way platform P does (x, bluesky, mastodon,
                        threads, linkedin, facebook, instagram)
    export ics [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]
                        Export scheduled posts as iCalendar (stdout by default)
    roster import [--dry-run] FILE.xlsx|FILE.csv
                        Import people (UTF-8 or Shift_JIS CSV); nothing is imported if a
                        row is wrong, and each problem is listed by row and column
    roster export [--out FILE]
                        Export people as CSV (stdout by default)
    lint [--platform P] [--json] FILE
                        Check a text (FILE, or - for stdin) against the current guideline;
                        exits 1 when any finding blocks
    guideline import FILE.csv
                        Replace the draft's term list (term,category,severity,message);
                        nothing changes if a line is wrong
    guideline export [--out FILE] | guideline publish
                        Export the current term list; publish the draft as the next version
    account add bluesky --service URL --handle H
                        Connect a Bluesky account (app password on stdin; kept in the
                        OS keychain only)
    account add mastodon --instance URL
                        Connect a Mastodon account with an access token on stdin (the app
                        connects through the browser with OAuth instead)
    account add linkedin|facebook|instagram|threads [--api URL]
                [--organisation ID | --page ID]
                        Connect with a token on stdin (LinkedIn: as the member, or the
                        company page with --organisation; Facebook: the Page)
    account connect linkedin|facebook|instagram|threads --exchange URL --client-id ID
                [--port N] [--api URL] [--organisation ID | --page ID]
                        Connect through the company's token-exchange endpoint (prints
                        the approval address to open in a browser)
    account list [--json]
                        Connected accounts with their ids (no secrets)
    account set ID [--name NAME] [--colour #RRGGBB] [--default]
                        An account's name in the company, calendar colour, and whether
                        posts that name only its platform go out through it
    post create (--platform P | --account ID)… --at RFC3339 --text-file F [--title T]
                [--image FILE [--alt TEXT] [--person NAME]…]
                        Create a scheduled draft; prints its id
    post edit POST_ID --text-file F [--title T]
                        Replace a post's text (an approval is voided, as in the editor)
    post show POST_ID [--json]
                        A post's status per platform, with the platform's id once published
    post delete POST_ID [--take-down | --keep-online]
                        Delete a post (a published one needs the choice: delete it from the
                        platforms first, or leave it online and remove it from Tsunagu)
    post restore POST_ID | post deleted [--json]
                        Bring back a post deleted in the last 30 days; list them
    posts import FILE.xlsx|FILE.csv [--dry-run] [--json]
                        A month's plan from a spreadsheet (日付, 時刻, アカウント, タイトル,
                        本文, テーマ, 目的), as drafts for review; all or nothing
    posts export [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out FILE.csv
                        The calendar in the same columns (UTF-8 with a BOM, opens in Excel)
    intake open [--minutes N] [--bind ADDR] [--port N] [--request ID] [--code-days N] [--json]
                        Serve the phone page on the office network for N minutes (60):
                        prints the address and a code per person and per open request
                        (or per person asked, with --request), then serves until the time ends
    intake watch DIR [--once] [--json]
                        Import new images from a folder (the LINE PC app's) as unassigned
                        material; the folder is only read, and a file is imported once
    material list [--json]
                        Material received: giver, request, how they appear, where it came
                        from, and each stored image's SHA-256
    whoami [--json] | whoami --set NAME | whoami --hand-over NAME
                        Who this device acts as (person, role, device, team fingerprint);
                        --set chooses the person the first time on a device outside a
                        team; --hand-over gives the computer to someone else (recorded)
    review submit POST_ID | review approve POST_ID --confirm-checklist
                        Submit, or approve confirming every checklist item (the
                        guideline still runs and a blocking finding still refuses)
    publish-due [--json]
                        Publish every due post once (for cron or a systemd timer)
    tick [--json]       What the app does every 30 seconds, once: the daily backup, a
                        publishing pass, due numbers and a team sync round (for cron or a
                        systemd timer when the app is not running)
    metrics refresh [--json]
                        Read likes, reposts, replies and quotes of published posts that
                        are due (hourly for 48 h, then daily, none after 30 days)
    media-host set --endpoint URL --bucket B --region R --access-key-id K [--virtual-hosted]
                        The S3-compatible bucket Instagram and Threads fetch images from
                        (secret key on stdin, kept in the keychain); checked at once
    media-host show [--json] | media-host check | media-host remove
    blocked [--json]    Posts that cannot go out as they are, and why
    purpose list [--json] | purpose add NAME
                        What the SNS work is for (採用, 資料請求, 認知 …)
    kpi add --name N --metric posts|reactions|impressions|external [--target T] [--purpose NAME] [--by YYYY-MM-DD]
    kpi list [--month YYYY-MM] [--json] | kpi set NAME --month M --value V
                        KPIs with their month's value and progress towards the target
    kpi import [--dry-run] FILE.csv
                        External KPIs by month (columns kpi,month,value; UTF-8 or Shift_JIS);
                        nothing is imported if a row is wrong
    temperature [--from YYYY-MM] [--to YYYY-MM] [--json]
                        Participation by department and month (the temperature map)
    report --month YYYY-MM --format pdf|html|csv --out FILE [--language ja|en]
                        The monthly report for the management meeting (A4 PDF with the
                        Japanese font embedded, A4 HTML, or CSV)
    digest --department NAME [--week YYYY-Www] --format pdf|html --out FILE [--language ja|en]
                        A department manager's weekly page (one A4 sheet): what the
                        department gave, what waits for review, themes, requests, a story
    kit --format handout|slides --out FILE [--phone-page URL --request TITLE] [--language ja|en]
                        The briefing kit for the first meeting with employees (A4 handout
                        or 16:9 slides): why, the rules, ways to take part, the check, how
                        to send material (a request's phone-page code), how thanks work
    team create --folder PATH
                        Make this workspace the lead of a team sharing PATH (a network
                        share, cloud-drive folder or USB stick). Instead of --folder:
                        --s3 ENDPOINT --bucket B [--region R] --access-key ID [--prefix P]
                        or --webdav URL --user U, with the secret key or password on stdin
                        (kept in the keychain); the same for team join
    team invite --person PERSON_ID [--lead]
                        Print a one-time invite code for that person's laptop
    team join CODE --folder PATH
                        (with --workspace DIR) Join a team: makes the ambassador's workspace
                        in DIR and prints this device's fingerprint
    team admit FINGERPRINT | team revoke FINGERPRINT
                        Let a device in after comparing fingerprints (or a removed one back),
                        or remove it: the team switches to a new key it does not hold
    team compact [--json]
                        (lead) Write a snapshot now and remove the segments every device
                        has passed (also done on its own every 10,000 changes)
    team place --folder PATH (or --s3 … / --webdav …)
                        Where this computer sees the team's shared place, if it moved
    team status [--json] | team conflicts [--json] | team quarantine [--json]
                        The team's devices, edits side by side, and refused changes
    team resolve ENTITY ID FIELD --value JSON
                        Settle a conflict with one of the versions (or a merge)
    sync [--json]       One sync round: send this device's changes, apply everyone else's
    backup              Take a backup now (kept in DIR/backups, newest 7)
    restore             Replace a damaged database with the newest backup
    help                Show this help

OPTIONS:
    --workspace DIR     The workspace folder
    -h, --help          Show this help
";
