"""What `hotline check` and the admins' health page say, Vietnamese and English side by side."""

from __future__ import annotations

NEW_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"

PARTS: dict[str, dict[str, str]] = {
    "secret_key": {"vi": "Khóa bí mật (SECRET_KEY)", "en": "Secret key (SECRET_KEY)"},
    "public_url": {"vi": "Địa chỉ công khai (PUBLIC_BASE_URL)", "en": "Public address (PUBLIC_BASE_URL)"},
    "twilio": {"vi": "Tài khoản Twilio", "en": "Twilio account"},
    "twilio_number": {"vi": "Số điện thoại trên Twilio", "en": "Twilio phone number"},
    "database": {"vi": "Cơ sở dữ liệu", "en": "Database"},
    "queue": {"vi": "Hàng đợi (Redis) và tiến trình xử lý", "en": "Queue (Redis) and workers"},
    "speech": {"vi": "Mô hình nhận dạng giọng nói", "en": "Speech model"},
    "catalogue": {"vi": "Danh mục thủ tục", "en": "Procedure catalogue"},
    "calendar": {"vi": "Lịch ngày nghỉ", "en": "Calendar of days off"},
    "disk": {"vi": "Dung lượng đĩa cho ghi âm", "en": "Disk space for recordings"},
    "clock": {"vi": "Đồng hồ và múi giờ", "en": "Clock and time zone"},
}

TEXTS: dict[str, dict[str, str]] = {
    "secret_key.unset": {
        "vi": "Chưa đặt SECRET_KEY: phiên đăng nhập đang được ký bằng khóa mặc định dành cho máy phát triển. "
              "Đặt một khóa ngẫu nhiên, ví dụ tạo bằng {command}",
        "en": "SECRET_KEY is not set: console sessions are signed with the development default. "
              "Set a random one, e.g. made with {command}",
    },
    "secret_key.short": {
        "vi": "SECRET_KEY chỉ có {length} ký tự, cần ít nhất {minimum}. Tạo khóa mới bằng {command}",
        "en": "SECRET_KEY has only {length} characters; it needs at least {minimum}. Make a new one with {command}",
    },
    "secret_key.guessable": {
        "vi": "SECRET_KEY lặp lại quá ít ký tự khác nhau (khoảng {bits} bit, cần {minimum}): dễ đoán. "
              "Tạo khóa mới bằng {command}",
        "en": "SECRET_KEY repeats too few different characters to be hard to guess (about {bits} bits, "
              "{minimum} needed). Make a new one with {command}",
    },
    "secret_key.ok": {
        "vi": "{length} ký tự, khoảng {bits} bit",
        "en": "{length} characters, about {bits} bits",
    },
    "public_url.unset": {
        "vi": "Chưa đặt PUBLIC_BASE_URL: đặt địa chỉ https mà Twilio gọi tới, ví dụ https://tongdai.example.vn",
        "en": "PUBLIC_BASE_URL is not set: set the https address Twilio calls, e.g. https://hotline.example.vn",
    },
    "public_url.relative": {
        "vi": "PUBLIC_BASE_URL {url} không phải địa chỉ đầy đủ: cần dạng https://tên-máy hoặc "
              "https://tên-máy/đường-dẫn",
        "en": "PUBLIC_BASE_URL {url} is not an absolute address: it needs the form https://host or https://host/path",
    },
    "public_url.not_https": {
        "vi": "PUBLIC_BASE_URL {url} không dùng https khi HOTLINE_ENV=production: Twilio và trình duyệt "
              "phải gọi tổng đài qua https",
        "en": "PUBLIC_BASE_URL {url} is not https while HOTLINE_ENV=production: Twilio and browsers must reach "
              "the hotline over https",
    },
    "public_url.query": {
        "vi": "PUBLIC_BASE_URL {url} có phần truy vấn (?) hoặc dấu #: bỏ đi, vì chữ ký của Twilio được kiểm "
              "trên địa chỉ này cộng đường dẫn của webhook",
        "en": "PUBLIC_BASE_URL {url} has a query (?) or a fragment (#): remove it, Twilio's signatures are "
              "checked on this address plus the webhook's path",
    },
    "public_url.local": {
        "vi": "PUBLIC_BASE_URL {url} chỉ trỏ về chính máy này: Twilio không gọi tới được",
        "en": "PUBLIC_BASE_URL {url} names only this machine: Twilio cannot reach it",
    },
    "public_url.ok": {
        "vi": "{url} (cuộc gọi đến: {voice})",
        "en": "{url} (incoming calls: {voice})",
    },
    "twilio.sid_unset": {
        "vi": "Chưa đặt TWILIO_ACCOUNT_SID: không gửi được SMS",
        "en": "TWILIO_ACCOUNT_SID is not set: no SMS can be sent",
    },
    "twilio.sid_malformed": {
        "vi": "TWILIO_ACCOUNT_SID {sid} sai dạng: phải là AC và 32 chữ số thập lục phân, như trên trang "
              "quản trị của Twilio",
        "en": "TWILIO_ACCOUNT_SID {sid} is malformed: it is AC and 32 hex digits, as Twilio's console shows it",
    },
    "twilio.token_unset": {
        "vi": "Chưa đặt TWILIO_AUTH_TOKEN: chữ ký webhook đang được kiểm bằng mã dành cho máy phát triển, "
              "nên mọi cuộc gọi thật sẽ bị từ chối",
        "en": "TWILIO_AUTH_TOKEN is not set: webhook signatures are checked with the development token, so "
              "every real call would be refused",
    },
    "twilio.token_malformed": {
        "vi": "TWILIO_AUTH_TOKEN sai dạng: phải là 32 chữ số thập lục phân",
        "en": "TWILIO_AUTH_TOKEN is malformed: it is 32 hex digits",
    },
    "twilio.from_unset": {
        "vi": "Chưa đặt TWILIO_FROM: không gửi được SMS",
        "en": "TWILIO_FROM is not set: no SMS can be sent",
    },
    "twilio.from_malformed": {
        "vi": "TWILIO_FROM {number} không phải số điện thoại hợp lệ dạng E.164 (như +84255...)",
        "en": "TWILIO_FROM {number} is not a valid phone number in E.164 form (like +84255...)",
    },
    "twilio.ok": {
        "vi": "tài khoản {sid}, gửi SMS từ {number}",
        "en": "account {sid}, SMS sent from {number}",
    },
    "twilio_number.unset": {
        "vi": "Không hỏi được Twilio: thiếu TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM hoặc "
              "PUBLIC_BASE_URL",
        "en": "Twilio cannot be asked: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM or PUBLIC_BASE_URL "
              "is missing",
    },
    "twilio_number.refused": {
        "vi": "Twilio từ chối yêu cầu: {error}",
        "en": "Twilio refused the request: {error}",
    },
    "twilio_number.unreachable": {
        "vi": "Không kết nối được Twilio: {error}",
        "en": "Twilio could not be reached: {error}",
    },
    "twilio_number.not_owned": {
        "vi": "Tài khoản Twilio không có số {number}: sửa TWILIO_FROM",
        "en": "The Twilio account has no number {number}: fix TWILIO_FROM",
    },
    "twilio_number.mismatch": {
        "vi": "Twilio gửi {field} của số {number} tới {got}, nhưng tổng đài nhận ở {want}: sửa cấu hình "
              "số này trên Twilio",
        "en": "Twilio sends the {field} of {number} to {got}, but the hotline answers at {want}: change the "
              "number's configuration at Twilio",
    },
    "twilio_number.method": {
        "vi": "Twilio gọi {field} của số {number} bằng {got}, cần POST",
        "en": "Twilio calls the {field} of {number} with {got}; it must be POST",
    },
    "twilio_number.ok": {
        "vi": "{number}: cuộc gọi tới {voice}, SMS tới {sms}",
        "en": "{number}: calls to {voice}, SMS to {sms}",
    },
    "database.unreachable": {
        "vi": "Cơ sở dữ liệu không trả lời: {error}. Kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu",
        "en": "The database does not answer: {error}. Check DATABASE_URL and the database server",
    },
    "database.unmigrated": {
        "vi": "Cơ sở dữ liệu chưa có lược đồ của hotline (chưa chạy migration nào), bản phát hành này cần phiên "
              "bản {head}: chạy `hotline db upgrade`",
        "en": "The database has no hotline schema yet (no migration applied), this release needs revision "
              "{head}: run `hotline db upgrade`",
    },
    "database.not_at_head": {
        "vi": "Lược đồ cơ sở dữ liệu ở phiên bản {current}, bản phát hành này cần {head}: chạy `hotline db upgrade`",
        "en": "The database's schema is at revision {current}, this release needs {head}: run `hotline db upgrade`",
    },
    "database.pg_trgm_missing": {
        "vi": "PostgreSQL không có phần mở rộng pg_trgm mà tìm kiếm theo tên cần: cài tệp của nó trên máy chủ "
              "cơ sở dữ liệu (Debian: gói postgresql-NN của máy chủ), rồi chạy `hotline db upgrade`",
        "en": "PostgreSQL lacks the pg_trgm extension the name search needs: install its files on the database "
              "server (Debian: the server's postgresql-NN package), then run `hotline db upgrade`",
    },
    "database.pg_trgm_not_allowed": {
        "vi": "Vai trò {role} không được tạo phần mở rộng pg_trgm mà tìm kiếm theo tên cần: nhờ quản trị "
              "PostgreSQL chạy `CREATE EXTENSION pg_trgm;` trong cơ sở dữ liệu {database} (hoặc cấp quyền CREATE "
              "trên cơ sở dữ liệu, PostgreSQL 13 trở lên), rồi chạy `hotline db upgrade`",
        "en": "The role {role} may not create the pg_trgm extension the name search needs: have a PostgreSQL "
              "superuser run `CREATE EXTENSION pg_trgm;` in the database {database} (or grant CREATE on the "
              "database, PostgreSQL 13 and later), then run `hotline db upgrade`",
    },
    "database.ok": {
        "vi": "{backend}, lược đồ ở phiên bản {revision} (mới nhất)",
        "en": "{backend}, schema at revision {revision} (the head)",
    },
    "queue.unset": {
        "vi": "Chưa đặt REDIS_URL: không có hàng đợi thì không gửi được SMS và không chép lời ghi âm",
        "en": "REDIS_URL is not set: without a queue no SMS is sent and no recording is transcribed",
    },
    "queue.unreachable": {
        "vi": "Redis không trả lời: {error}. Kiểm tra REDIS_URL và máy chủ Redis",
        "en": "Redis does not answer: {error}. Check REDIS_URL and the Redis server",
    },
    "queue.eviction": {
        "vi": "Redis có maxmemory-policy {policy}: khi hết bộ nhớ nó xóa bớt việc đang chờ. "
              "Đặt maxmemory-policy noeviction",
        "en": "Redis has maxmemory-policy {policy}: when memory runs out it throws queued jobs away. "
              "Set maxmemory-policy noeviction",
    },
    "queue.no_persistence": {
        "vi": "Redis không lưu xuống đĩa (appendonly no, save rỗng): khởi động lại là mất việc đang chờ. "
              "Đặt appendonly yes",
        "en": "Redis keeps nothing on disk (appendonly no, save empty): a restart loses the queued jobs. "
              "Set appendonly yes",
    },
    "queue.persistence_unknown": {
        "vi": "Redis không cho đọc cấu hình (lệnh CONFIG bị chặn) và AOF đang tắt: không xác nhận được "
              "Redis có lưu xuống đĩa. Bật appendonly yes",
        "en": "Redis refuses CONFIG and its AOF is off, so its saving to disk cannot be confirmed. "
              "Set appendonly yes",
    },
    "queue.no_worker": {
        "vi": "Không có tiến trình xử lý (worker) nào đang chạy: chạy `hotline worker`",
        "en": "No worker is running: start `hotline worker`",
    },
    "queue.unserved": {
        "vi": "Không worker nào nhận việc của hàng đợi {queues}: chạy `hotline worker` cho các hàng đợi đó",
        "en": "No worker takes jobs from the queue(s) {queues}: start `hotline worker` on them",
    },
    "queue.ok": {
        "vi": "maxmemory-policy {policy}, lưu xuống đĩa bằng {persistence}",
        "en": "maxmemory-policy {policy}, saved to disk by {persistence}",
    },
    "queue.workers": {
        "vi": "{count} worker: {names}",
        "en": "{count} worker(s): {names}",
    },
    "queue.queued": {
        "vi": "việc đang chờ: {queued}",
        "en": "jobs waiting: {queued}",
    },
    "speech.none": {
        "vi": "Chưa cài mô hình nhận dạng giọng nói: chạy `hotline model download vi-small` hoặc đặt VOSK_MODEL_PATH",
        "en": "No speech model is installed: run `hotline model download vi-small` or set VOSK_MODEL_PATH",
    },
    "speech.missing": {
        "vi": "Không có thư mục mô hình {path}: sửa VOSK_MODEL_PATH hoặc chạy `hotline model download vi-small`",
        "en": "The speech model directory {path} does not exist: fix VOSK_MODEL_PATH or run "
              "`hotline model download vi-small`",
    },
    "speech.not_a_model": {
        "vi": "{path} không phải thư mục mô hình Vosk (thiếu am/ và graph/ hoặc conf/)",
        "en": "{path} is not a Vosk model directory (it lacks am/ and graph/ or conf/)",
    },
    "speech.unloadable": {
        "vi": "Không nạp được mô hình {path}: {error}. Tải lại bằng `hotline model download`",
        "en": "The speech model at {path} does not load: {error}. Download it again with `hotline model download`",
    },
    "speech.loaded": {
        "vi": "{path} nạp được",
        "en": "{path} loads",
    },
    "speech.present": {
        "vi": "{path} (trang này không nạp thử mô hình; lệnh `hotline check` nạp thử)",
        "en": "{path} (this page does not load the model; `hotline check` does)",
    },
    "catalogue.unreadable": {
        "vi": "Không đọc được danh mục thủ tục từ cơ sở dữ liệu: {error}",
        "en": "The procedure catalogue cannot be read from the database: {error}",
    },
    "catalogue.empty": {
        "vi": "Danh mục thủ tục trống: người gọi không chọn được thủ tục nào. Chạy `hotline catalogue sync`",
        "en": "The procedure catalogue is empty: callers can choose no procedure. Run `hotline catalogue sync`",
    },
    "catalogue.bad_key": {
        "vi": "Thủ tục {code} ở phím {key}, nhưng phím chỉ từ 1 đến 9",
        "en": "Procedure {code} is on key {key}, but keys run from 1 to 9",
    },
    "catalogue.duplicate_key": {
        "vi": "Phím {key} được gán cho nhiều thủ tục ({codes}): mỗi phím chỉ dẫn tới một thủ tục",
        "en": "Key {key} leads to several procedures ({codes}): each key must lead to one",
    },
    "catalogue.ok": {
        "vi": "{count} thủ tục trên các phím {keys}",
        "en": "{count} procedure(s) on keys {keys}",
    },
    "calendar.unreadable": {
        "vi": "Không đọc được {path}: {error}",
        "en": "{path} cannot be read: {error}",
    },
    "calendar.no_public_holidays": {
        "vi": "Gói holidays không biết ngày lễ của Việt Nam năm {year}: nâng cấp gói holidays",
        "en": "The holidays package knows no Vietnamese public holidays in {year}: upgrade it",
    },
    "calendar.year_missing": {
        "vi": "{path} chưa có ngày nghỉ hay ngày làm bù nào của năm {year}: thêm các ngày đã công bố cho năm "
              "{year} (lịch nghỉ Tết, ngày nghỉ riêng của tỉnh), hoặc ghi {year} vào checked_years nếu năm đó "
              "không có ngày nào ngoài ngày lễ chung",
        "en": "{path} lists no day off or swapped working day in {year}: add the days announced for {year} "
              "(the Lunar New Year schedule, the province's own days off), or put {year} in checked_years "
              "if there are none beyond the national holidays",
    },
    "calendar.ok": {
        "vi": "năm {years}: {count} ngày nghỉ và ngày làm bù của tỉnh",
        "en": "{years}: {count} days off and swapped working days of the province",
    },
    "disk.bad_threshold": {
        "vi": "RECORDINGS_MIN_FREE_MB {value} không phải số nguyên dương",
        "en": "RECORDINGS_MIN_FREE_MB {value} is not a positive whole number",
    },
    "disk.low": {
        "vi": "Chỉ còn {free} MB trống cho ghi âm ở {path}, cần ít nhất {minimum} MB: giải phóng đĩa hoặc "
              "chuyển RECORDINGS_DIR sang đĩa khác",
        "en": "Only {free} MB are free for recordings at {path}; at least {minimum} MB are needed: free some "
              "space or move RECORDINGS_DIR to another disk",
    },
    "disk.ok": {
        "vi": "{path}: còn trống {free} MB (tối thiểu {minimum} MB)",
        "en": "{path}: {free} MB free (at least {minimum} MB)",
    },
    "clock.zone": {
        "vi": "Múi giờ của máy là {zone} (UTC{offset}), khác múi giờ của trung tâm {centre} (UTC{centre_offset}): "
              "đặt múi giờ máy là {centre} để nhật ký và lịch chạy khớp với hạn xử lý",
        "en": "The host's time zone is {zone} (UTC{offset}), not the centre's {centre} (UTC{centre_offset}): "
              "set the host to {centre} so that logs and schedules agree with the due dates",
    },
    "clock.skew_database": {
        "vi": "Đồng hồ của máy này lệch {seconds} giây so với máy chủ cơ sở dữ liệu: bật đồng bộ giờ (NTP) "
              "trên cả hai máy",
        "en": "This host's clock is {seconds} s away from the database server's: turn on time synchronisation "
              "(NTP) on both",
    },
    "clock.skew_redis": {
        "vi": "Đồng hồ của máy này lệch {seconds} giây so với máy chủ Redis: bật đồng bộ giờ (NTP) trên cả hai máy",
        "en": "This host's clock is {seconds} s away from the Redis server's: turn on time synchronisation (NTP) "
              "on both",
    },
    "clock.before_install": {
        "vi": "Đồng hồ của máy chỉ {now}, sớm hơn cả lúc cài phần mềm này ({installed}): chỉnh giờ và bật NTP",
        "en": "The host's clock says {now}, earlier than this software was installed ({installed}): set the "
              "time and turn on NTP",
    },
    "clock.ok": {
        "vi": "giờ địa phương {now} ({zone})",
        "en": "local time {now} ({zone})",
    },
}
