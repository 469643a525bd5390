"""English for the console's Vietnamese UI strings; a string missing here is shown in Vietnamese."""

ENGLISH: dict[str, str] = {
    "Tổng đài tàu cá": "Fishing-vessel hotline",
    "Đăng nhập": "Log in",
    "Đăng xuất": "Log out",
    "Tên đăng nhập": "Username",
    "Mật khẩu": "Password",
    "Sai tên đăng nhập hoặc mật khẩu.": "Wrong username or password.",
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.":
        "Too many failed logins. Please try again in 15 minutes.",
    "Biểu mẫu đã quá hạn nên chưa được lưu. Vui lòng nhập lại và gửi lần nữa.":
        "The form had expired, so nothing was saved. Please fill it in and send it again.",
    "Biểu mẫu thiếu mã bảo vệ hoặc mã không đúng nên không được nhận. Vui lòng tải lại trang rồi gửi lại.":
        "The form lacked its security code or the code was wrong, so it was refused. Reload the page and try again.",
    "Dữ liệu gửi lên quá lớn: tối đa {size}.": "What was sent is too large: {size} at most.",
    "Biểu mẫu có quá nhiều trường hoặc một trường quá dài.": "The form has too many fields, or one that is too long.",
    "Bảng trực": "Live board",
    "Hồ sơ": "Dossiers",
    "Tiếp nhận mới": "New dossier",
    "Chủ tàu": "Owners",
    "Phản ánh": "Feedback",
    "Báo cáo": "Reports",
    "Quản trị": "Admin",
    "Tự cập nhật mỗi {n} giây.": "Refreshes every {n} seconds.",
    "Đang gọi": "Calls in progress",
    "Đang chờ cán bộ": "Callers waiting",
    "Cuộc gọi nhỡ": "Missed calls",
    "Cần gọi lại": "Call-backs",
    "Không có": "None",
    "Số điện thoại": "Phone",
    "Lý do": "Reason",
    "Lúc": "When",
    "Xử lý": "Action",
    "Nhận gọi lại": "Claim",
    "Kết quả": "Outcome",
    "Ghi kết quả": "Record outcome",
    "Tìm": "Search",
    "Trạng thái": "State",
    "Tất cả": "All",
    "Thủ tục": "Procedure",
    "Kênh": "Channel",
    "Quá hạn": "Overdue",
    "Lọc": "Filter",
    "Mã hồ sơ": "Dossier code",
    "Mã tra cứu": "Phone code",
    "Tàu": "Vessel",
    "Ngày nhận": "Received",
    "Hạn": "Due",
    "Trước": "Previous",
    "Sau": "Next",
    "Trang {p}/{n}": "Page {p} of {n}",
    "{n} hồ sơ": "{n} dossiers",
    "Hạn trả kết quả": "Due date",
    "Trước hạn": "Early",
    "Đúng hạn": "On time",
    "Trễ hạn": "Late",
    "In giấy tiếp nhận (PDF)": "Print the receipt (PDF)",
    # The public privacy page (console/privacy.py, privacy.html) and its link in every page's footer.
    "Quyền riêng tư": "Privacy",
    "Tổng đài tàu cá ghi âm cuộc gọi và giữ một số dữ liệu cá nhân để giải quyết thủ tục hành chính cho chủ "
    "tàu cá. Trang này nói rõ ai giữ dữ liệu nào, để làm gì, trong bao lâu, và ông/bà có những quyền gì, theo "
    "Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15) và Nghị định 356/2025/NĐ-CP.":
        "The fishing-vessel hotline records calls and keeps some personal data in order to handle administrative "
        "procedures for fishing-vessel owners. This page says who keeps which data, what for, for how long, and "
        "what your rights are, under the Law on Personal Data Protection (Law 91/2025/QH15) and "
        "Decree 356/2025/ND-CP.",
    "Ai giữ dữ liệu": "Who keeps your data",
    "{centre} giữ và chịu trách nhiệm về dữ liệu. Bản ghi âm chỉ được lưu tại Trung tâm.":
        "{centre} keeps the data and is responsible for it. Recordings are stored only at the centre.",
    "Dữ liệu nào": "Which data",
    "Giọng nói: các bản ghi âm khi ông/bà nói yêu cầu, họ tên, địa chỉ, phản ánh hoặc để lại tin nhắn thoại, "
    "và bản chép lời của chúng.":
        "Your voice: the recordings made when you state your request, your name, your address or your feedback, "
        "or leave a voice message, and their transcripts.",
    "Số điện thoại gọi đến, thời gian gọi và các phím đã bấm.":
        "The number you call from, when you called and the keys you pressed.",
    "Họ tên, địa chỉ nhận kết quả và số đăng ký tàu cá.":
        "Your name, the address results are delivered to, and fishing-vessel registration numbers.",
    "Hồ sơ thủ tục, diễn biến giải quyết, phản ánh và các tin nhắn SMS gửi cho ông/bà.":
        "Your dossiers and how they were handled, your feedback, and the text messages sent to you.",
    "Để làm gì": "What for",
    "Chỉ để giải quyết thủ tục hành chính ông/bà yêu cầu, trả lời phản ánh, gọi lại khi cần, và nhận hồ sơ giấy, "
    "trả kết quả qua bưu điện. Dữ liệu không được dùng vào việc khác và không được bán.":
        "Only to handle the administrative procedures you ask for, answer your feedback, call you back when "
        "needed, and collect papers and deliver results by post. The data is used for nothing else and is "
        "never sold.",
    "Ai khác được xem": "Who else sees it",
    "Cơ quan có thẩm quyền giải quyết thủ tục: nhận hồ sơ của ông/bà để giải quyết.":
        "The authority competent for the procedure: it receives your dossier in order to decide on it.",
    "Bưu điện: mỗi bưu tá chỉ thấy họ tên, số điện thoại, địa chỉ và số tiền cần thu của những điểm giao nhận "
    "mình phụ trách.":
        "The post: each courier sees only the name, phone number, address and amount to collect of the stops "
        "on their own round.",
    "Twilio, nhà cung cấp dịch vụ điện thoại: kết nối cuộc gọi và chuyển tin nhắn. Bản ghi âm được tải về Trung "
    "tâm và xóa khỏi Twilio.":
        "Twilio, the telephone carrier: it connects calls and carries text messages. Recordings are copied to "
        "the centre and deleted from Twilio.",
    "Lưu trong bao lâu": "How long it is kept",
    "Thời hạn lưu từng loại dữ liệu, theo lịch lưu trữ Trung tâm áp dụng mỗi ngày.":
        "How long each kind of data is kept, under the retention schedule the centre applies every day.",
    "Dữ liệu": "Data",
    "Thời hạn lưu": "Kept for",
    "Tính từ, và khi hết hạn": "Counted from, and what happens then",
    "Bản ghi âm giọng nói (yêu cầu, họ tên, địa chỉ, phản ánh, tin nhắn thoại)":
        "Voice recordings (requests, names, addresses, feedback, voice messages)",
    "Tính từ khi hồ sơ kết thúc, hoặc từ cuộc gọi nếu không có hồ sơ; rồi xóa.":
        "From when the dossier is closed, or from the call when there is no dossier; then deleted.",
    "Bản chép lời tin nhắn thoại, phản ánh và các bản ghi âm không thành hồ sơ":
        "Transcripts of voice messages, feedback and recordings that led to no dossier",
    "Tính từ cuộc gọi, khi phản ánh đã được trả lời; rồi xóa. Chép lời của hồ sơ đi theo hồ sơ.":
        "From the call, once the feedback is answered; then deleted. A dossier's transcripts stay with the dossier.",
    "Nhật ký cuộc gọi": "Call records",
    "Tính từ cuộc gọi; rồi che số điện thoại, xóa các phím đã bấm, chỉ giữ thời gian để thống kê.":
        "From the call; then the phone number is masked and the keys pressed are deleted; only the times stay, "
        "for statistics.",
    "Hồ sơ nháp của cuộc gọi bị ngắt giữa chừng mà không ai hoàn tất":
        "Drafts left by a dropped call that nobody completed",
    "Tính từ cuộc gọi; rồi che số điện thoại, xóa chủ tàu, tàu, ghi chú, địa chỉ, bản ghi âm.":
        "From the call; then the phone number is masked and the owner, vessel, note, address and recordings "
        "are removed.",
    "Tin nhắn SMS gửi cho ông/bà": "Text messages sent to you",
    "Tính từ khi gửi; rồi xóa nội dung và che số điện thoại.":
        "From sending; then the text is deleted and the phone number masked.",
    "Nhật ký thao tác của cán bộ (ai đã nghe, sửa, chuyển, xuất, xóa dữ liệu)":
        "The staff's audit trail (who listened, corrected, moved, exported or deleted data)",
    "Tính từ khi ghi; rồi xóa.": "From when it was written; then deleted.",
    "Số điện thoại và địa chỉ trên hồ sơ đã kết thúc và bưu gửi của hồ sơ":
        "Phone numbers and addresses on closed dossiers and their postal items",
    "Tính từ khi hồ sơ kết thúc; rồi che hoặc xóa. Họ tên, mã hồ sơ, ngày và kết quả vẫn được lưu.":
        "From when the dossier is closed; then masked or removed. Names, dossier codes, dates and outcomes "
        "are kept.",
    "1 năm": "1 year",
    "{n} năm": "{n} years",
    "1 tháng": "1 month",
    "{n} tháng": "{n} months",
    "1 ngày": "1 day",
    "{n} ngày": "{n} days",
    "Hết thời hạn, dữ liệu được xóa hoặc che đi. Hồ sơ đã giải quyết xong chỉ giữ lại những gì pháp luật về lưu "
    "trữ yêu cầu.":
        "When the period ends, the data is deleted or masked. A closed dossier keeps only what the law on "
        "archives requires.",
    "Quyền của ông/bà": "Your rights",
    "Xem dữ liệu của mình và nhận một bản sao.": "To see your data and receive a copy of it.",
    "Yêu cầu sửa dữ liệu chưa đúng.": "To have wrong data corrected.",
    "Yêu cầu xóa dữ liệu, kể cả bản ghi âm.": "To have your data deleted, recordings included.",
    "Phản đối hoặc yêu cầu hạn chế việc xử lý dữ liệu của mình.":
        "To object to, or ask to restrict, the processing of your data.",
    "Rút lại sự đồng ý, khiếu nại hoặc khởi kiện theo quy định của pháp luật.":
        "To withdraw your consent, complain or go to court, as the law provides.",
    "Trung tâm trả lời yêu cầu trong {answer} ngày làm việc và thực hiện xong trong {act} ngày làm việc.":
        "The centre answers a request within {answer} working days and carries it out within {act} working days.",
    "Nếu pháp luật buộc Trung tâm giữ lại một phần hồ sơ, câu trả lời sẽ nói rõ phần nào và vì sao.":
        "If the law requires the centre to keep part of a dossier, the answer says which part and why.",
    "Cách yêu cầu": "How to ask",
    "Gọi tổng đài và bấm phím 0 để gặp cán bộ tiếp nhận; ngoài giờ làm việc, xin để lại lời nhắn, cán bộ sẽ "
    "gọi lại.":
        "Call the hotline and press 0 to speak to an operator; outside office hours, leave a message and an "
        "operator will call you back.",
    "Hoặc đến trực tiếp {centre}.": "Or come to {centre} in person.",
    "Khi yêu cầu, xin cho biết số điện thoại đã gọi và mã tra cứu hoặc mã hồ sơ, nếu có.":
        "When you ask, please give the phone number you called from and the phone code or dossier code, "
        "if you have one.",
    "Địa chỉ nhận kết quả": "Delivery address",
    "Chuyển trạng thái": "Move to",
    "Ghi âm": "Recordings",
    "Bản chép lời": "Transcript",
    "Lưu bản chép lời": "Save transcript",
    "Bản máy chép (gốc):": "Machine transcript (original):",
    "Diễn biến": "Timeline",
    "Người thực hiện": "By",
    "Ghi chú": "Note",
    "Họ tên": "Full name",
    "Xã/phường": "Commune/ward",
    "Địa chỉ": "Address",
    "Số đăng ký tàu": "Vessel number",
    "Tạo hồ sơ": "Create dossier",
    "Lưu": "Save",
    "Nhập": "Import",
    "Mới tiếp nhận": "Received",
    "Chưa hoàn tất": "Draft",
    "Chờ nhận hồ sơ giấy": "Awaiting papers",
    "Yêu cầu bổ sung": "Needs supplement",
    "Đang xử lý": "In progress",
    "Đã có kết quả": "Result ready",
    "Đang chuyển phát": "Out for delivery",
    "Đã trả kết quả": "Delivered",
    "Bưu điện hoàn trả": "Returned by the post",
    "Từ chối": "Rejected",
    "Rút hồ sơ": "Withdrawn",
    "Người dùng": "Users",
    "Vai trò": "Role",
    "Nhật ký": "Audit trail",
    "Nhập chủ tàu": "Import owners",
    "Nhập chủ tàu và tàu từ CSV/Excel": "Import owners and vessels from CSV/Excel",
    "Cột: Họ tên, Số điện thoại, Xã/phường, Địa chỉ, Số đăng ký tàu, Tên tàu.":
        (
        "Columns (English or Vietnamese headings): full_name, phone, commune, address, vessel_number, "
        "vessel_name."),
    "Đã thêm {owners} chủ tàu, {vessels} tàu; từ chối {refused} dòng.":
        "Added {owners} owners and {vessels} vessels; refused {refused} rows.",
    "Dòng": "Row",
    "Tiếp nhận hồ sơ qua điện thoại": "Take a dossier on the phone",
    "Tìm chủ tàu (tên hoặc số điện thoại)": "Find the owner (name or phone number)",
    "Chủ tàu mới": "New owner",
    "Giao cho": "Assigned to",
    "Trả lời": "Answer",
    "Giao việc": "Assign",
    "Gửi trả lời": "Send the answer",
    "Đóng phản ánh": "Close",
    "Hệ thống": "System",
    "Hàng đợi và tiến trình": "Queues and workers",
    "Hàng đợi": "Queue",
    "Số việc chờ": "Jobs waiting",
    "Tiến trình xử lý": "Workers",
    "Không có tiến trình nào đang chạy.": "No worker is running.",
    "Redis không hoạt động": "Redis is down",
    "Danh mục thủ tục": "Procedure catalogue",
    "Phím": "Key",
    "Mã": "Code",
    "Tên": "Name",
    "Ngày làm việc": "Working days",
    "Lệ phí": "Fee",
    "Hồ sơ giấy": "Paper originals",
    "Hoạt động": "Active",
    "Thêm tàu: số đăng ký": "Add a vessel: registration number",
    "Tên tàu": "Vessel name",
    "Việc": "Action",
    "Đối tượng": "Object",
    "Chi tiết": "Detail",
    "Địa chỉ IP": "IP address",
    "Thêm người dùng": "Add a user",
    "Tạo": "Create",
    "Mã hồ sơ, mã tra cứu, số điện thoại, số tàu, tên chủ tàu":
        "Dossier code, phone code, phone number, vessel number, owner name",
    "Hạn trước ngày": "Due before",
    "Nhận từ": "Received from",
    "đến": "to",
    "Không có hồ sơ nào.": "No dossiers.",
    "Tải Excel": "Download Excel",
    "Tiếp nhận và giải quyết theo tháng": "Received and resolved per month",
    "Tháng": "Month",
    "Tiếp nhận": "Received",
    "Đã giải quyết": "Resolved",
    "Tỷ lệ đúng hạn theo thủ tục": "On-time rate per procedure",
    "Chưa có kết quả": "No results yet",
    "Kênh tiếp nhận": "Channels",
    "Mức độ hài lòng": "Satisfaction",
    "hài lòng trên {n} đánh giá": "satisfied, of {n} ratings",
    "Chưa có đánh giá": "No ratings yet",
    "Ghi âm chờ chép lời": "Recordings awaiting transcription",
    "Chưa rõ": "Unknown",
    "Từ": "From",
    "Sang": "To",
    "Phản ánh, kiến nghị": "Feedback and complaints",
    "Nội dung": "Text",
    "Bưu chính": "Post",
    "Bảng kê hôm nay": "Today's manifests",
    "Chủ tàu và tàu": "Owners and vessels",
    "Nhập từ CSV/Excel": "Import from CSV/Excel",
    "Bảng kê ngày {day}": "Manifests for {day}",
    "Bảng kê giao nhận ngày {day} — bưu tá {name}": "Delivery manifest for {day} — courier {name}",
    "{n} điểm, thu hộ {amount}": "{n} stops, {amount} to collect",
    "Đã chốt": "Closed",
    "Hôm nay chưa có bảng kê.": "No manifest today yet.",
    "Điều phối bưu chính": "Postal dispatch",
    "Lập bảng kê": "Build manifest",
    "Ngày": "Date",
    "Bưu tá": "Courier",
    "Tuyến phát": "Routes",
    "Thu hộ": "To collect",
    "Số lần đã giao": "Attempts so far",
    "Người nhận": "Received by",
    "Số tiền đã thu": "Amount collected (₫)",
    "Đã giao": "Delivered",
    "Không giao được": "Not delivered",
    "Hoàn trả Trung tâm": "Return to the centre",
    "Bảng kê": "Manifest",
    "thu {amount}": "collect {amount}",
    "Tổng: {n} bưu gửi, thu hộ {amount}": "Total: {n} items, {amount} to collect",
    "Thiếu họ tên chủ tàu.": "The owner's full name is missing.",
    "Số điện thoại không hợp lệ: {value}": "Not a valid phone number: {value}",
    "Không có xã/phường tên {value} trong tỉnh.": "No commune or ward named {value} in the province.",
    "Số đăng ký tàu không hợp lệ: {value}": "Not a valid vessel number: {value}",
    "Tàu {number} đã đăng ký cho chủ tàu khác ({name}).": "Vessel {number} is registered to another owner ({name}).",
    "Đã lưu.": "Saved.",
    "Hãy chọn tệp.": "Choose a file.",
    "Hãy chọn thủ tục.": "Choose a procedure.",
    "Thủ tục này cần số đăng ký tàu.": "This procedure needs a vessel number.",
    "Cuộc gọi lại này đã có người nhận.": "Someone has already claimed this call-back.",
    "Chỉ người đã nhận cuộc gọi lại mới ghi được kết quả.":
        "Only the person who claimed the call-back can record its outcome.",
    "Hãy ghi kết quả cuộc gọi lại.": "Write the outcome of the call-back.",
    "Đã ghi kết quả cuộc gọi lại.": "Call-back outcome recorded.",
    "Chỉ nhận tệp .csv hoặc .xlsx.": "Only .csv or .xlsx files are accepted.",
    "Tệp trống.": "The file is empty.",
    "Không thấy cột họ tên (full_name hoặc Họ tên).": "No full-name column (full_name).",
    "Tệp CSV phải mã hoá UTF-8.": "The CSV file must be UTF-8 encoded.",
    "Không đọc được tệp Excel.": "The Excel file cannot be read.",
    "Chủ tàu và tàu này đã có trong danh sách.": "This owner and vessel are already listed.",
    "Tên đăng nhập phải dài 2–60 ký tự, chỉ gồm chữ thường không dấu, số và . _ -, bắt đầu bằng chữ hoặc số.":
        "A username must be 2–60 characters of unaccented lower-case letters, digits and . _ -, "
        "starting with a letter or digit.",
    "Tên đăng nhập {username} đã có.": "The username {username} is already taken.",
    "Đã tạo tài khoản {username}, mật khẩu: {password}": "Account {username} created, password: {password}",
    "Bản ghi âm chưa được lưu về trung tâm; thử lại sau ít phút.":
        "The recording has not reached the centre yet; try again in a few minutes.",
    "Bản ghi âm đã được xoá theo thời hạn lưu trữ.":
        "The recording was deleted at the end of its retention period.",
    "Bản chép lời đã được xoá theo thời hạn lưu trữ.":
        "The transcript was deleted at the end of its retention period.",
    "Không tìm thấy tệp ghi âm trong kho của trung tâm; hãy báo quản trị viên.":
        "The recording's file is missing from the centre's store; tell an administrator.",
    "Đã lưu bản chép lời.": "Transcript saved.",
    "Phản ánh đã đóng.": "This feedback is closed.",
    "Hãy ghi nội dung trả lời.": "Write the answer.",
    "Số hồ sơ": "Dossiers",
    "Số bản ghi": "Recordings",
    "Số đánh giá": "Ratings",
    "Hài lòng": "Satisfied",
    "Ngày không hợp lệ: {value}": "Not a valid date: {value}",
    "Không thể chuyển hồ sơ: {reason}": "The dossier cannot move: {reason}",
    "Đã chuyển hồ sơ sang: {state}": "Dossier moved to: {state}",
    "Hãy chọn một kết quả.": "Choose an outcome.",
    "Số tiền đã thu phải là số đồng, không có dấu chấm.":
        "The amount collected is a whole number of ₫, without dots.",
    "Biểu mẫu đã cũ, vui lòng tải lại trang.": "This form is out of date; please reload the page.",
    "Bưu gửi {code} không nhận kết quả này ở trạng thái hiện tại.":
        "Item {code} cannot take this outcome in its current state.",
    "Hãy chọn lý do không giao được.": "Choose why it could not be delivered.",
    "Hãy ghi tên người nhận.": "Write who received it.",
    "Bưu gửi này không thuộc bảng kê của bạn.": "This item is not on your manifest.",
    "Ngày không hợp lệ (YYYY-MM-DD).": "Not a valid date (YYYY-MM-DD).",
    "Hãy chọn bưu tá.": "Choose a courier.",
    "Xã/phường không thuộc tỉnh.": "That commune or ward is not in the province.",
    "Cán bộ tiếp nhận": "Operator",
    "Lãnh đạo": "Supervisor",
    "Quản trị viên": "Administrator",
    "Tổng đài": "Hotline",
    "Cán bộ nhập": "Operator entry",
    "Bưu điện": "Post",
    "Hệ thống khác (API)": "Other system (API)",
    "Mới": "New",
    "Đã giao xử lý": "Assigned",
    "Đã trả lời": "Answered",
    "Đã đóng": "Closed",
    "Ghi chú hồ sơ": "Dossier note",
    "Địa chỉ mới": "New address",
    "Tin nhắn thoại": "Voicemail",
    "Chờ chép lời": "Awaiting transcription",
    "Trong hàng đợi": "Queued",
    "Đang chép lời": "Transcribing",
    "Đã chép lời": "Transcribed",
    "Chưa có mô hình nhận dạng": "No speech model yet",
    "Đang thử lại": "Retrying",
    "Chép lời lỗi": "Transcription failed",
    "Cần người nghe": "Needs a person to listen",
    "Chờ nhận": "Open",
    "Đã nhận": "Claimed",
    "Đã gọi lại": "Called back",
    "Nhận hồ sơ giấy": "Pick up paper originals",
    "Trả kết quả": "Deliver the result",
    "Chờ lên bảng kê": "Waiting for a manifest",
    "Trên bảng kê": "On a manifest",
    "Giao không thành công": "Attempt failed",
    "Đã hoàn trả": "Returned",
    "Tin nhắn thoại ngoài giờ": "Voicemail out of hours",
    "Cuộc gọi ngắt giữa chừng": "Call dropped midway",
    "không có người ở nhà": "nobody at home",
    "chủ tàu đang đi biển": "owner at sea",
    "sai địa chỉ": "wrong address",
    "người nhận từ chối": "refused by the recipient",
    "chưa thanh toán được": "cannot pay",
    "thời tiết xấu": "bad weather",
    "lý do khác": "other reason",
    "Trả lời bởi {name} lúc {when}": "Answered by {name} at {when}",
    "Bảng kê ngày {day} đã chốt.": "The manifest for {day} is closed.",
    "Hãy hoàn trả Trung tâm trước khi chốt: {codes}.": "Return these items to the centre before closing: {codes}.",
    "Còn {n} điểm chưa có kết quả: ghi kết quả, hoặc chốt và chuyển các điểm đó sang bảng kê sau.":
        "{n} stops have no outcome: record them, or close and carry those stops over to the next manifest.",
    "Bảng kê ngày {day} đã chốt: không ghi thêm kết quả. Hãy báo Trung tâm.":
        "The manifest for {day} is closed: no more outcomes can be recorded. Please tell the centre.",
    "Đã chốt bảng kê; {n} điểm chuyển sang bảng kê sau.": "Manifest closed; {n} stops carried over to the next one.",
    "Đã chốt lúc {when}": "Closed at {when}",
    "Chuyển các điểm chưa có kết quả sang bảng kê sau": "Carry stops without an outcome over to the next manifest",
    "Chốt bảng kê": "Close the manifest",
    "Bảng kê gần đây": "Recent manifests",
    "Số bưu gửi": "Items",
    "Tệp": "Files",
    "Đã lập bảng kê nhưng chưa ghi được tệp: hãy lập lại, hoặc tải tệp ở dưới.":
        "The manifest is saved but its files could not be written: build it again, or download them below.",
    "Tin nhắn gửi chủ tàu": "Texts to the owner",
    "Chờ gửi": "Waiting to be sent",
    "Đang gửi": "Sending",
    "Chờ gửi lại": "Waiting to retry",
    "Đã gửi": "Sent",
    "Chỉ lưu, chưa cấu hình Twilio": "Kept only: Twilio is not set up",
    "Không gửi được": "Could not be sent",
    "Số điện thoại không hợp lệ": "Not a valid phone number",
    "Không phải số di động": "Not a mobile number",
    "Số máy bàn, không nhận được tin nhắn": "A landline: it cannot receive texts",
    "Người nhận đã từ chối nhận tin nhắn (STOP)": "The recipient has opted out of texts (STOP)",
    "Đã gửi lúc {when}, lần thử thứ {n}.": "Sent at {when}, attempt {n}.",
    "Lần thử thứ {n} không thành công; thử lại lúc {when}.": "Attempt {n} failed; next try at {when}.",
    "Lỗi lần trước: {error}": "Last error: {error}",
    "Lý do: {reason}": "Reason: {reason}",
    "Bỏ sau {n} lần thử.": "Given up after {n} attempts.",
    "Tình trạng hệ thống": "System health",
    "Có {n} vấn đề cần xử lý trước khi nhận cuộc gọi.": "{n} problem(s) to fix before the hotline takes calls.",
    "Mọi phần đều sẵn sàng.": "Every part is ready.",
    "Phần": "Part",
    "Ổn": "OK",
    "Có vấn đề": "Problem",
    "`hotline check` còn nạp thử mô hình giọng nói và, với --twilio, so webhook đã khai trên Twilio.":
        "`hotline check` also loads the speech model and, with --twilio, compares the webhooks Twilio was given.",
    # The procedure catalogue page (console/catalogue.py).
    "Tệp config/procedures.toml là nguồn chính: lệnh hotline catalogue sync ghi lại mọi trường có trong tệp và báo "
    "từng chỗ sửa ở đây bị ghi đè.":
        "The file config/procedures.toml is the source: hotline catalogue sync writes back every field the file "
        "gives and reports each edit made here that it overwrites.",
    "Thủ tục bỏ khỏi tệp thì ngừng dùng, nhưng vẫn giữ cho các hồ sơ của nó.":
        "A procedure taken out of the file is retired, but kept for its dossiers.",
    "Menu điện thoại theo danh mục mới trong vòng một phút.": "The phone menu follows the catalogue within a minute.",
    "Tên tiếng Việt": "Vietnamese name",
    "Tên tiếng Anh": "English name",
    "Cần số đăng ký tàu": "Needs a vessel number",
    "Đang dùng": "Active",
    "Tạm ngừng": "Suspended",
    "Đã bỏ khỏi tệp danh mục": "Retired (no longer in the catalogue file)",
    "Sửa trên console, chưa có trong tệp": "Edited in the console, not yet in the file",
    "Sửa": "Edit",
    "Sửa {name}": "Edit {name}",
    "Có": "Yes",
    "Không": "No",
    "Quay lại danh mục": "Back to the catalogue",
    "Chưa lưu: hãy sửa các ô được đánh dấu.": "Not saved: please correct the marked fields.",
    "Thời hạn giải quyết (ngày làm việc)": "Time allowed (working days)",
    "Lệ phí (đồng, ví dụ 70.000)": "Fee (dong, e.g. 70.000)",
    "Phím trên menu điện thoại": "Key on the phone menu",
    "{key} — đang dùng cho «{name}»": "{key} — used by “{name}”",
    "Cần hồ sơ giấy gốc (bưu điện đến lấy)": "Needs paper originals (the post collects them)",
    "Đang dùng (có trên menu điện thoại và trong phiếu tiếp nhận)": "Active (on the phone menu and the intake form)",
    "Hãy nhập tên tiếng Việt.": "Please enter the Vietnamese name.",
    "Hãy nhập tên tiếng Anh.": "Please enter the English name.",
    "Tên dài quá {n} ký tự.": "The name is longer than {n} characters.",
    "Số ngày làm việc phải là số nguyên từ 1 đến {n}.": "Working days must be a whole number from 1 to {n}.",
    "Lệ phí phải là số đồng từ 0 đến {n}, ví dụ 70.000.":
        "The fee must be an amount of dong from 0 to {n}, e.g. 70.000.",
    "Hãy chọn phím từ 1 đến 9.": "Please choose a key from 1 to 9.",
    "Phím {key} đang dùng cho thủ tục «{name}».": "Key {key} is already used by “{name}”.",
    "Thủ tục đã bỏ khỏi tệp danh mục; thêm lại vào tệp rồi chạy catalogue sync.":
        "This procedure was taken out of the catalogue file; add it back to the file and run catalogue sync.",
    "Không có gì thay đổi.": "Nothing changed.",
    "Đã lưu thủ tục {code}: {fields}.": "Saved procedure {code}: {fields}.",
    "{n} thủ tục đang dùng trên menu điện thoại.": "{n} procedures on the phone menu.",
    "Xem và sửa danh mục": "See and edit the catalogue",
    "Bảng kê đã chốt: người nhận, số điện thoại và địa chỉ không còn hiển thị cho bưu tá.":
        "The manifest is closed: the recipients' names, phone numbers and addresses are no longer shown to couriers.",
    # Requests about personal data (console/privacy.py).
    "Dữ liệu cá nhân": "Personal data",
    "{n} đến hạn": "{n} due",
    "Yêu cầu về dữ liệu cá nhân": "Personal data requests",
    "Luật Bảo vệ dữ liệu cá nhân: trả lời trong 2 ngày làm việc, giải quyết trong 15 ngày làm việc.":
        "Personal Data Protection Law: answer within 2 working days, act within 15 working days.",
    "Yêu cầu chưa xong xếp theo hạn gần nhất, rồi đến các yêu cầu đã giải quyết.":
        "Open requests by nearest deadline, then those already handled.",
    "Loại yêu cầu": "Kind of request",
    "Hạn trả lời": "Answer due",
    "Hạn giải quyết": "Act due",
    "Tình trạng": "Status",
    "Thao tác": "Actions",
    "Sắp đến hạn": "Due soon",
    "Tải {fmt}": "Download {fmt}",
    "Xoá dữ liệu…": "Erase data…",
    "Hoàn tất": "Done",
    "Chưa có yêu cầu nào": "No requests yet",
    "Ghi nhận yêu cầu mới": "Log a new request",
    "Số điện thoại của người yêu cầu": "Phone number of the person asking",
    "Nội dung yêu cầu": "What they asked",
    "Ghi nhận": "Log",
    "Hãy chọn loại yêu cầu.": "Choose the kind of request.",
    "Số điện thoại không hợp lệ; hãy nhập như 0905 111 222.": "Not a valid phone number; enter it like 0905 111 222.",
    "Đã ghi nhận yêu cầu #{n}: trả lời trước {answer}, giải quyết trước {act}.":
        "Request #{n} logged: answer by {answer}, act by {act}.",
    "Xem, nhận bản sao dữ liệu": "See or get a copy of the data",
    "Chỉnh sửa dữ liệu": "Correct the data",
    "Xoá dữ liệu": "Erase the data",
    "Phản đối xử lý dữ liệu": "Object to processing",
    "Xoá dữ liệu cá nhân": "Erase personal data",
    "Xoá dữ liệu theo yêu cầu #{n}": "Erase data for request #{n}",
    "Trung tâm đang lưu": "What the centre holds",
    "Loại dữ liệu": "Kind of data",
    "Hồ sơ chủ tàu": "Owner records",
    "Tàu cá": "Fishing vessels",
    "Cuộc gọi": "Calls",
    "Phím đã bấm trong cuộc gọi": "Keys pressed during calls",
    "Lịch sử hồ sơ": "Dossier history",
    "Việc gọi lại": "Call-back tasks",
    "Bưu gửi": "Postal items",
    "Lần phát bưu gửi": "Delivery attempts",
    "Tin nhắn": "Text messages",
    "Đánh giá hài lòng": "Satisfaction ratings",
    "Nhật ký truy cập": "Access log entries",
    "Hồ sơ của chủ tàu khác ghi tên hoặc số này": "Other owners' dossiers naming this person or number",
    "Bưu gửi của chủ tàu khác ghi tên hoặc số này": "Other owners' postal items naming this person or number",
    "Sẽ xoá hẳn: hồ sơ chủ tàu, tàu, ghi âm (cả tệp), đánh giá, tin nhắn chưa gửi và hồ sơ chưa hoàn tất.":
        "Deleted outright: owner records, vessels, recordings (with their files), ratings, unsent texts and "
        "unfinished dossiers.",
    "Các bản ghi còn lại được giữ cho số liệu nhưng xoá họ tên, số điện thoại, địa chỉ và nội dung.":
        "The other rows stay for the figures, without names, phone numbers, addresses or contents.",
    "Hồ sơ đã đóng giữ mã hồ sơ, thủ tục, ngày tháng, kết quả và số đăng ký tàu, vì pháp luật yêu cầu lưu.":
        "Closed dossiers keep their dossier code, procedure, dates, result and vessel number, as the law requires.",
    "Hồ sơ đang giải quyết": "Dossiers in progress",
    "Chưa thể xoá khi các hồ sơ này còn đang giải quyết: cần họ tên, số điện thoại và địa chỉ để trả kết quả.":
        "Nothing can be erased while these dossiers are in progress: their result needs the name, number and "
        "address.",
    "Lý do xoá": "Reason for the erasure",
    "Tôi đã xác minh người yêu cầu và hiểu rằng việc xoá không thể hoàn tác.":
        "I have verified who is asking and understand that the erasure cannot be undone.",
    "Quay lại": "Back",
    "Hãy ghi lý do và đánh dấu xác nhận trước khi xoá.": "Give the reason and tick the confirmation before erasing.",
    "Chưa xoá: còn {n} hồ sơ đang giải quyết ({codes}); xoá được khi các hồ sơ này đã đóng.":
        "Not erased: {n} dossier(s) in progress ({codes}); the data can be erased once they are closed.",
    "Chưa xoá: không xoá được tệp ghi âm hoặc bảng kê; dữ liệu chưa thay đổi.":
        "Not erased: a recording or manifest file could not be removed; no data was changed.",
    "Đã xoá dữ liệu theo yêu cầu #{n}.": "Data erased for request #{n}.",
    # Reports (branch reports): the period and procedure chosen, Decision 766's index, the Excel sheets.
    "Từ ngày": "From",
    "Đến ngày": "To",
    "Mọi thủ tục": "All procedures",
    "Xem báo cáo": "Show the report",
    "{field}: hãy ghi ngày theo dạng dd/mm/yyyy.": "{field}: write the day as dd/mm/yyyy.",
    "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.": "The first day cannot come after the last.",
    "Từ {first} đến {last}": "From {first} to {last}",
    "Kỳ báo cáo": "Reporting period",
    "Chỉ số": "Indicator",
    "Số": "Count",
    "Trên tổng số": "Out of",
    "Tỷ lệ": "Rate",
    "Cách tính": "How it is counted",
    "Trong đó: {name}": "of which: {name}",
    "Hiện tại, không tính theo kỳ.": "As things stand now, not for the period.",
    "Chỉ số 766": "Index 766",
    "Theo tháng": "By month",
    "Đúng hạn theo thủ tục": "On time per procedure",
    "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)":
        "Index of service to citizens and businesses (Decision No. 766/QD-TTg)",
    "Hồ sơ giải quyết trước hạn và đúng hạn": "Dossiers resolved early or on time",
    "Hồ sơ có kết quả trong kỳ, đến hạn giải quyết theo quy định hoặc sớm hơn, trên tổng số hồ sơ có kết quả "
    "trong kỳ.":
        "Dossiers whose result came in the period by their legal due date or earlier, out of all dossiers with a "
        "result in the period.",
    "Kết quả có trước ngày hết hạn giải quyết theo quy định (tính ngày làm việc).":
        "The result came before the legal due date (counted in working days).",
    "Kết quả có đúng ngày hết hạn giải quyết theo quy định.": "The result came on the legal due date.",
    "Kết quả có sau ngày hết hạn giải quyết theo quy định.": "The result came after the legal due date.",
    "Đánh giá «Rất hài lòng» hoặc «Hài lòng» trên tổng số đánh giá nhận trong kỳ (thang 5 mức, qua điện thoại "
    "hoặc tin nhắn).":
        "Ratings of \"very satisfied\" or \"satisfied\" out of all ratings received in the period (a five-point "
        "scale, by phone or text).",
    "Hồ sơ nộp qua bưu chính": "Dossiers sent in by post",
    "Hồ sơ tiếp nhận trong kỳ có hồ sơ giấy do bưu điện nhận tại nhà (hoặc gửi đến qua bưu chính), trên tổng "
    "số hồ sơ tiếp nhận trong kỳ.":
        "Dossiers received in the period whose papers the post collected from the owner (or that came by post), "
        "out of all dossiers received in the period.",
    "Kết quả trả qua bưu chính": "Results delivered by post",
    "Hồ sơ đã trả kết quả trong kỳ do bưu tá phát đến người nhận, trên tổng số hồ sơ đã trả kết quả trong kỳ.":
        "Dossiers whose result a courier handed to the recipient in the period, out of all results handed over "
        "in the period.",
    "Cuộc gọi được trả lời": "Calls answered",
    "Cuộc gọi đến tổng đài trong kỳ được trả lời (không bận, không nhỡ), trên tổng số cuộc gọi đến; tính chung "
    "mọi thủ tục.":
        "Calls to the hotline in the period that were answered (not busy, not missed), out of all calls received; "
        "for every procedure together.",
}
