"""Text of login, logout, the permission gate and the 利用者 (users) screen."""

TEXT = {
    "auth_login": ("ログイン", "Log in"),
    "auth_logout": ("ログアウト", "Log out"),
    "auth_login_heading": ("ログインが必要です", "Login required"),
    "auth_login_intro": (
        "データ管理の画面（データの取り込み・レビュー・地区境界の取り込みは編集者、利用者は管理者）は、"
        "担当者のアカウントでログインしてから使えます。閲覧用の画面はログインなしで見られます。",
        "The data-management screens need an official's login (import, review and boundaries: editor; users: "
        "administrator). The read-only screens need no login.",
    ),
    "auth_username": ("ユーザー名", "Username"),
    "auth_password": ("パスワード", "Password"),
    "auth_failed": ("ユーザー名またはパスワードが正しくありません。", "Wrong username or password."),
    "auth_locked": (
        "ログインの失敗が続いたため、このユーザー名は {until}（日本時間）までログインできません。",
        "Too many failed logins: this username is locked until {until} (Japan time).",
    ),
    "auth_oidc_intro": ("組織のアカウント（シングルサインオン）でログインします。",
                        "Log in with your organisation's account (single sign-on)."),
    "auth_oidc_unavailable": (
        "シングルサインオンを使うには Authlib パッケージが必要です（pip install Authlib）。管理者に連絡してください。",
        "Single sign-on needs the Authlib package (pip install Authlib). Please contact the administrator.",
    ),
    "auth_oidc_error": ("シングルサインオンの設定（[auth]）に問題があります: {reason}",
                        "The single sign-on settings ([auth]) have a problem: {reason}"),
    "auth_not_configured": (
        "ログイン用のアカウントが設定されていません。管理者が .streamlit/secrets.toml にアカウントを追加すると使えます"
        "（README「ログインと権限」）。",
        "No login accounts are configured. An administrator adds them to .streamlit/secrets.toml "
        "(README, section on login and roles).",
    ),
    "auth_forbidden_title": ("権限がありません", "No permission"),
    "auth_forbidden": (
        "権限がありません。この画面には「{required}」以上の権限が必要です（現在: {role}）。",
        "You do not have permission. This screen needs the role '{required}' or higher (yours: {role}).",
    ),
    "auth_expired_lifetime": (
        "ログインの有効期限（{hours}時間）が切れたため、ログアウトしました。もう一度ログインしてください。",
        "Your login expired after {hours} hours. Please log in again.",
    ),
    "auth_expired_idle": (
        "{minutes}分間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
        "You were logged out after {minutes} minutes without activity. Please log in again.",
    ),
    "auth_expired_revoked": ("アカウントが無効になったため、ログアウトしました。",
                             "Your account is no longer configured; you were logged out."),
    "auth_logged_out": ("ログアウトしました。", "You are logged out."),
    "auth_signed_in_as": ("ログイン中: {name}（{username}・{role}）", "Logged in: {name} ({username}, {role})"),
    "auth_anonymous": ("（ログインしていません）", "(not logged in)"),
    "auth_role_viewer": ("閲覧者", "Viewer"),
    "auth_role_editor": ("編集者", "Editor"),
    "auth_role_admin": ("管理者", "Administrator"),
    "auth_write_needs_login": ("書き込むにはログインが必要です。", "Log in to write."),
    "auth_users_title": ("利用者", "Users"),
    "auth_users_accounts": ("アカウント", "Accounts"),
    "auth_users_local": (
        "ローカルアカウント（.streamlit/secrets.toml の [accounts]）。パスワードはハッシュのみ保存され、ここには表示しません。",
        "Local accounts ([accounts] in .streamlit/secrets.toml). Passwords are stored only as hashes and are "
        "never shown.",
    ),
    "auth_users_oidc": (
        "シングルサインオン（[auth]）でログインします。権限は [roles] の一覧で決まり、載っていない人は閲覧者です。",
        "Users log in through single sign-on ([auth]). Roles come from the [roles] lists; anyone not listed "
        "is a viewer.",
    ),
    "auth_users_none": ("アカウントはまだありません。", "No accounts yet."),
    "auth_users_problems": ("設定に問題があり、次のアカウントは使えません:", "These accounts cannot be used:"),
    "auth_users_col_username": ("ユーザー名", "Username"),
    "auth_users_col_display_name": ("表示名", "Display name"),
    "auth_users_col_role": ("権限", "Role"),
    "auth_users_col_email": ("メールアドレス", "E-mail"),
    "auth_users_events": ("ログイン履歴（最新 {limit} 件まで）", "Login history (latest {limit})"),
    "auth_users_filter_username": ("ユーザー名で絞り込む", "Filter by username"),
    "auth_users_filter_event": ("種類", "Kind"),
    "auth_users_filter_all": ("すべて", "All"),
    "auth_users_events_none": ("該当する記録はありません。", "No matching events."),
    "auth_users_col_time": ("日時（日本時間）", "Time (Japan)"),
    "auth_users_col_event": ("種類", "Kind"),
    "auth_users_col_client": ("接続元", "Client"),
    "auth_event_login_ok": ("ログイン", "Login"),
    "auth_event_login_failed": ("ログイン失敗", "Failed login"),
    "auth_event_locked": ("ロック中の試行", "Attempt while locked"),
    "auth_event_logout": ("ログアウト", "Logout"),
    "auth_event_expired": ("期限切れ", "Expired"),
    "auth_users_add": ("アカウントの追加", "Adding an account"),
    "auth_users_add_steps": (
        "1. サーバーで次のコマンドを実行し、パスワードを2回入力します（画面にもコマンド履歴にも残りません）。"
        "表示された argon2id ハッシュを控えます。\n"
        "2. `.streamlit/secrets.toml` に次の形で追記し、アプリを再起動します（パスワードそのものは書きません）。",
        "1. On the server, run this command and type the password twice (it is neither echoed nor kept in the "
        "shell history). Copy the argon2id hash it prints.\n"
        "2. Add an entry like this to `.streamlit/secrets.toml` and restart the app (never the password itself).",
    ),
    "auth_users_settings": ("ログインに関する設定", "Login settings"),
    "auth_users_col_setting": ("設定", "Setting"),
    "auth_users_col_value": ("値", "Value"),
    "auth_users_method": ("ログイン方式", "Login method"),
    "auth_users_method_password": ("ローカルアカウント（パスワード）", "Local accounts (password)"),
    "auth_users_method_oidc": ("シングルサインオン（OIDC）", "Single sign-on (OIDC)"),
    "auth_users_lockout": ("ログイン失敗の制限", "Failed-login limit"),
    "auth_users_lockout_value": ("{window}分以内に{failures}回失敗すると{lock}分間ロック",
                                 "{failures} failures within {window} min lock the username for {lock} min"),
    "auth_users_password_length": ("パスワードの最小文字数", "Minimum password length"),
    "auth_users_database": ("ログイン履歴の保存先", "Login history stored in"),
}
