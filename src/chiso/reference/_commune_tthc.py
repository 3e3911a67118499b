"""Commune-level TTHC (cấp xã) by field: names as published in provincial catalogues, after the 2025 reform that
moved most district-level procedures to communes. Line format: see :mod:`chiso.reference.procedures`."""

# One TTHC per line, spelled as published, so some lines are long.
# ruff: noqa: E501

from __future__ import annotations

from chiso.reference.blocks import Block

COMMUNE_BLOCKS: tuple[Block, ...] = (
    Block(
        "Hộ tịch",
        applicant="citizen",
        limit="3wd",
        difficulty=0.5,
        names="""
Đăng ký khai sinh | @420 $0 #8h
Đăng ký kết hôn | @55 $0 #8h
Đăng ký khai tử | @50 $0 #8h
Đăng ký nhận cha, mẹ, con | @5
Đăng ký khai sinh kết hợp nhận cha, mẹ, con | @6
Đăng ký giám hộ | @1.5
Đăng ký chấm dứt giám hộ | @0.6 #2wd
Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc | @22 $28000
Đăng ký lại khai sinh | @7 #5wd
Đăng ký lại kết hôn | @1.5 #5wd
Đăng ký lại khai tử | @1 #5wd
Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân | @5
Cấp Giấy xác nhận tình trạng hôn nhân | @110 $0
Cấp bản sao trích lục hộ tịch | @85 $8000 ~ #8h
Ghi vào Sổ hộ tịch việc thay đổi hộ tịch theo bản án, quyết định của cơ quan nhà nước có thẩm quyền | @2
Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi | @160 #5wd
Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng | @25 #5wd
Đăng ký khai sinh có yếu tố nước ngoài | @1.5 $75000 #5wd
Đăng ký kết hôn có yếu tố nước ngoài | @2.5 $1500000 #10wd %partial
Đăng ký khai tử có yếu tố nước ngoài | @0.6 $75000
Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài | @0.5 $1500000 #15wd
Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài | @1.5 $75000 #5wd
Ghi vào Sổ hộ tịch việc khai sinh của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài | @0.8 $75000
Ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài | @0.7 $75000 #5wd
Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch có yếu tố nước ngoài | @0.6 $28000
Đăng ký giám hộ có yếu tố nước ngoài | @0.1
Đăng ký khai sinh lưu động | @2 %none
Đăng ký kết hôn lưu động | @0.4 %none
Đăng ký khai tử lưu động | @0.4 %none
Xác nhận thông tin hộ tịch | @9 #8h
""",
    ),
    Block(
        "Chứng thực",
        applicant="both",
        limit="8h",
        fee=10000,
        fee_share=1.0,
        difficulty=0.35,
        online_cap="partial",
        names="""
Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận | @950 $2000 ~
Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được) | @120
Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở | @65 $50000 #2wd
Chứng thực di chúc | @5 $50000 #2wd
Chứng thực văn bản từ chối nhận di sản | @4 $50000 #2wd
Chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở | @11 $50000 #3wd
Chứng thực văn bản khai nhận di sản mà di sản là động sản, quyền sử dụng đất, nhà ở | @7 $50000 #3wd
Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch | @4 $30000 #2wd
Sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực | @1 $25000 #2wd
Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực | @4 $2000 ~ #2wd
Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng Tư pháp | @3
Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật | @2
Chứng thực bản sao điện tử từ bản chính | @70 $2000 ~ %full
""",
    ),
    Block(
        "Đất đai",
        applicant="both",
        limit="10wd",
        fee=50000,
        fee_share=0.6,
        difficulty=2.4,
        online_cap="partial",
        names="""
Đăng ký đất đai, tài sản gắn liền với đất lần đầu | @22 $100000 #20wd
Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu cho hộ gia đình, cá nhân | @28 $100000 #20wd
Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển đổi, chuyển nhượng, thừa kế, tặng cho của hộ gia đình, cá nhân | @40
Tách thửa hoặc hợp thửa đất | @14 #15wd
Chuyển mục đích sử dụng đất đối với hộ gia đình, cá nhân | @9 $100000 #15d
Giao đất, cho thuê đất đối với hộ gia đình, cá nhân | @1.5 #20d
Gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân | @2 #7wd
Thu hồi đất do chấm dứt việc sử dụng đất theo pháp luật, tự nguyện trả lại đất | @0.8 #20d
Hòa giải tranh chấp đất đai | @7 $0 #45d %none
Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp xã | @1.5 $0 #45d %none
Xác nhận tiếp tục sử dụng đất nông nghiệp của hộ gia đình, cá nhân khi hết hạn sử dụng đất | @2 #5wd
Đính chính Giấy chứng nhận đã cấp | @3
Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất | @11 #7wd
Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất | @3
Đăng ký biến động do thay đổi thông tin về người được cấp Giấy chứng nhận, thay đổi hình dạng, kích thước, diện tích thửa đất | @5 $30000
Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất của hộ gia đình, cá nhân | @24 $80000 #1wd
Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất của hộ gia đình, cá nhân | @14 $20000 #1wd
Cung cấp thông tin, dữ liệu đất đai | @9 $30000 #3wd %full
Chuyển đổi quyền sử dụng đất nông nghiệp để thực hiện dồn điền, đổi thửa | @0.6 $0
Xác nhận hộ gia đình, cá nhân trực tiếp sản xuất nông nghiệp | @3 $0 #5wd
""",
    ),
    Block(
        "Xây dựng",
        applicant="both",
        limit="15d",
        fee=75000,
        fee_share=0.7,
        difficulty=1.6,
        names="""
{Cấp|Điều chỉnh|Gia hạn|Cấp lại} giấy phép xây dựng đối với nhà ở riêng lẻ | @30
{Cấp|Gia hạn} giấy phép xây dựng có thời hạn đối với nhà ở riêng lẻ | @2
Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ | @3
Cấp giấy phép di dời nhà ở riêng lẻ | @0.3
Thông báo khởi công xây dựng công trình nhà ở riêng lẻ | @6 $0 #5wd ! %full
Cấp giấy phép chặt hạ, dịch chuyển cây xanh trên địa bàn xã | @0.5 $0 #10wd
Cấp giấy phép thi công xây dựng công trình đường bộ trên đường xã đang khai thác | @0.4 $0 #7wd
Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông của đường xã | @0.2 $0 #7wd
Xác nhận đối tượng được hưởng chính sách hỗ trợ về nhà ở xã hội | @3 $0 #7wd
""",
    ),
    Block(
        "Thành lập và hoạt động của hộ kinh doanh",
        applicant="citizen",
        limit="3wd",
        fee=100000,
        fee_share=0.0,
        difficulty=0.8,
        names="""
Đăng ký thành lập hộ kinh doanh | @38 $100000
Đăng ký thay đổi nội dung đăng ký hộ kinh doanh | @14 $100000
Tạm ngừng hoạt động hộ kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo | @5 $0
Chấm dứt hoạt động hộ kinh doanh | @6 $0
Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh | @1.5 $100000
Đăng ký thành lập, thay đổi nội dung, chấm dứt hoạt động tổ hợp tác | @0.4 $0
""",
    ),
    Block(
        "Bảo trợ xã hội",
        applicant="citizen",
        limit="10wd",
        difficulty=1.1,
        online_cap="partial",
        names="""
Trợ giúp xã hội thường xuyên đối với đối tượng bảo trợ xã hội | @22
Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng | @18
Chi trả trợ cấp xã hội hằng tháng khi đối tượng thay đổi nơi cư trú trong cùng địa bàn tỉnh | @3 #7wd
Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở | @1.5 #5wd
Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội | @6 #3wd
Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật | @9 #25wd
Cấp đổi, cấp lại Giấy xác nhận khuyết tật | @2 #5wd
Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng có hoàn cảnh khó khăn | @0.1 #10wd
Tiếp nhận đối tượng bảo trợ xã hội cần bảo vệ khẩn cấp vào cơ sở trợ giúp xã hội | @0.3 #1wd %none
""",
    ),
    Block(
        "Giảm nghèo",
        applicant="citizen",
        limit="15wd",
        difficulty=1.0,
        online_cap="partial",
        names="""
Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm | @4
Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm | @3
Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình | @1.5
Hỗ trợ người lao động thuộc hộ nghèo, hộ cận nghèo đi làm việc ở nước ngoài theo hợp đồng | @0.2
""",
    ),
    Block(
        "Trẻ em",
        applicant="citizen",
        limit="5wd",
        difficulty=1.0,
        online_cap="partial",
        names="""
Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại cho trẻ em | @0.2 #12h %none
Chấm dứt việc chăm sóc thay thế cho trẻ em | @0.1
Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em bị xâm hại hoặc có nguy cơ bị bạo lực, bóc lột, bỏ rơi | @0.2
Đăng ký nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia đình nhận chăm sóc thay thế không phải là người thân thích | @0.1 #15wd
Thông báo nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia đình nhận chăm sóc thay thế là người thân thích | @0.2 !
""",
    ),
    Block(
        "Nuôi con nuôi",
        applicant="citizen",
        limit="30d",
        fee=400000,
        fee_share=1.0,
        difficulty=1.0,
        online_cap="partial",
        names="""
Đăng ký việc nuôi con nuôi trong nước | @0.8
Đăng ký lại việc nuôi con nuôi trong nước | @0.15 $0 #5wd
Giải quyết việc người nước ngoài cư trú ở khu vực biên giới nước láng giềng nhận trẻ em Việt Nam làm con nuôi | @0.03 $4500000 #60d
""",
    ),
    Block(
        "Người có công",
        applicant="citizen",
        limit="12wd",
        difficulty=1.3,
        online_cap="partial",
        names="""
Giải quyết chế độ trợ cấp thờ cúng liệt sĩ | @3
Giải quyết chế độ ưu đãi đối với trường hợp tặng hoặc truy tặng danh hiệu vinh dự nhà nước "Bà mẹ Việt Nam anh hùng" | @0.1
Giải quyết chế độ trợ cấp ưu đãi đối với thân nhân liệt sĩ | @1
Giải quyết chế độ mai táng phí, trợ cấp một lần khi người có công với cách mạng từ trần | @5
Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình; đi điều trị phục hồi chức năng | @1
Cấp giấy xác nhận thân nhân của người có công | @3 #5wd
Giải quyết chế độ hỗ trợ để theo học đến trình độ đại học tại các cơ sở giáo dục thuộc hệ thống giáo dục quốc dân | @1
Ủy quyền hưởng trợ cấp, phụ cấp ưu đãi | @1 #5wd
Đổi hoặc cấp lại Bằng "Tổ quốc ghi công" | @0.2
Di chuyển hồ sơ khi người hưởng trợ cấp ưu đãi thay đổi nơi thường trú | @0.5
Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ; đơn đề nghị thăm viếng mộ liệt sĩ | @1 #5wd
Giải quyết chế độ ưu đãi đối với con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học | @0.4
Hỗ trợ cải thiện nhà ở đối với người có công với cách mạng | @0.4 #20wd
""",
    ),
    Block(
        "Văn hóa cơ sở",
        applicant="both",
        limit="5wd",
        difficulty=0.8,
        names="""
Xét tặng danh hiệu "Gia đình văn hóa" hằng năm | @1 #10wd
Xét tặng danh hiệu "Thôn văn hóa", "Tổ dân phố văn hóa" | @0.3 #10wd
Thông báo tổ chức lễ hội cấp xã | @0.4 ! %full
Đăng ký tổ chức lễ hội cấp xã | @0.2 #15d
Công nhận câu lạc bộ thể thao cơ sở | @0.3 #7wd
Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản đến dưới 1.000 bản | @0.05 !
Cấp giấy phép kinh doanh dịch vụ karaoke | @0.5 $2000000
Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng | @0.5 $200000
""",
    ),
    Block(
        "Tín ngưỡng, tôn giáo",
        applicant="citizen",
        limit="15d",
        difficulty=0.9,
        online_cap="partial",
        names="""
Đăng ký hoạt động tín ngưỡng | @0.5
Đăng ký bổ sung hoạt động tín ngưỡng | @0.2
Đăng ký sinh hoạt tôn giáo tập trung | @0.3 #20d
Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động tôn giáo ở một xã | @0.3 !
Thông báo tổ chức hội nghị thường niên của tổ chức tôn giáo cơ sở | @0.2 !
Đề nghị thay đổi địa điểm sinh hoạt tôn giáo tập trung trong địa bàn một xã | @0.1 #20d
Thông báo về việc thay đổi địa điểm sinh hoạt tôn giáo tập trung đến địa bàn xã khác | @0.05 !
Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở một xã | @0.2
Đề nghị giảng đạo ngoài địa bàn phụ trách, cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở một xã | @0.05
""",
    ),
    Block(
        "Thi đua, khen thưởng",
        applicant="both",
        limit="20wd",
        difficulty=1.2,
        online_cap="partial",
        names="""
Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thực hiện nhiệm vụ chính trị | @1
Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã cho gia đình | @0.4
Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã theo đợt hoặc chuyên đề | @0.5
Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích đột xuất | @0.3 #5wd
Xét tặng danh hiệu Lao động tiên tiến | @0.5
""",
    ),
    Block(
        "Nông nghiệp",
        applicant="both",
        limit="10wd",
        difficulty=1.0,
        names="""
Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh | @2 #15wd
Phê duyệt đối tượng vay vốn để trồng rừng sản xuất, phát triển chăn nuôi | @0.3
Xác nhận bảng kê lâm sản | @1 #3wd
Đăng ký mã số cơ sở nuôi, trồng các loài động vật rừng, thực vật rừng thông thường | @0.2 #5wd
Đăng ký kê khai số lượng chăn nuôi tập trung và nuôi trồng thủy sản ban đầu | @0.5 #5wd
Xác nhận nguồn gốc, xuất xứ thủy sản khai thác | @0.3 #2wd
Chuyển đổi cơ cấu cây trồng trên đất trồng lúa | @1 #5wd
Phê duyệt kế hoạch khuyến nông địa phương | @0.1 #15wd
""",
    ),
    Block(
        "Môi trường",
        applicant="both",
        limit="15wd",
        difficulty=1.2,
        names="""
Đăng ký môi trường | @1.5 $0 ! %full
Cấp giấy phép môi trường thuộc thẩm quyền của Ủy ban nhân dân cấp xã | @0.3 #30d
Tham vấn trong đánh giá tác động môi trường | @0.2 ! %partial
Đăng ký khai thác nước dưới đất | @0.5 #10wd
""",
    ),
    Block(
        "Giáo dục và Đào tạo",
        applicant="citizen",
        limit="10wd",
        difficulty=0.9,
        names="""
Thành lập trường mầm non công lập hoặc cho phép thành lập trường mầm non dân lập, tư thục | @0.05 #20wd &business
Cho phép trường mầm non, trường mẫu giáo, nhà trẻ hoạt động giáo dục | @0.1 #20wd &business
Cho phép cơ sở giáo dục mầm non độc lập hoạt động giáo dục | @0.2 #20wd &business
Sáp nhập, chia, tách trường mầm non, trường mẫu giáo, nhà trẻ | @0.02 #20wd &business
Giải thể trường mầm non, trường mẫu giáo, nhà trẻ | @0.02 #20wd &business
Cho phép trường tiểu học hoạt động giáo dục | @0.03 #20wd &business
Thành lập trường trung học cơ sở công lập hoặc cho phép thành lập trường trung học cơ sở tư thục | @0.02 #20wd &business
Chuyển trường đối với học sinh tiểu học | @4 $0 #3wd
Chuyển trường đối với học sinh trung học cơ sở | @3 $0 #3wd
Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú đang học tại các trường tiểu học, trung học cơ sở ở xã, thôn đặc biệt khó khăn | @1
Hỗ trợ học tập đối với trẻ mẫu giáo, học sinh tiểu học, học sinh trung học cơ sở các dân tộc thiểu số rất ít người | @0.5
Xét cấp hỗ trợ tiền ăn trưa cho trẻ em mẫu giáo | @1
Xét miễn, giảm học phí và hỗ trợ chi phí học tập cho trẻ mầm non, học sinh tiểu học, trung học cơ sở | @2
Tuyển sinh trung học cơ sở | @5 $0 #7wd
""",
    ),
    Block(
        "An toàn thực phẩm",
        applicant="business",
        limit="15wd",
        fee=500000,
        fee_share=1.0,
        difficulty=1.1,
        names="""
Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm nhỏ lẻ | @1
Xác nhận kiến thức về an toàn thực phẩm | @0.5 $30000 #5wd &both
""",
    ),
    Block(
        "Lưu thông hàng hóa trong nước",
        applicant="business",
        limit="10wd",
        fee=1200000,
        fee_share=1.0,
        difficulty=1.0,
        names="""
{Cấp|Cấp lại|Cấp sửa đổi, bổ sung} Giấy phép bán lẻ rượu | @1
{Cấp|Cấp lại|Cấp sửa đổi, bổ sung} Giấy phép bán lẻ sản phẩm thuốc lá | @0.8
Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh | @0.2
Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai | @0.1 #15wd
""",
    ),
    Block(
        "Đường thủy nội địa",
        applicant="both",
        limit="3wd",
        fee=70000,
        fee_share=1.0,
        difficulty=0.9,
        names="""
Đăng ký lần đầu phương tiện thủy nội địa có trọng tải toàn phần dưới 15 tấn | @0.3
Xóa Giấy chứng nhận đăng ký phương tiện thủy nội địa | @0.1 $0
""",
    ),
    Block(
        "Giải quyết khiếu nại, tố cáo",
        applicant="citizen",
        limit="30d",
        difficulty=2.0,
        online_cap="partial",
        names="""
Giải quyết khiếu nại lần đầu tại cấp xã | @2
Giải quyết tố cáo tại cấp xã | @1
Tiếp công dân tại cấp xã | @3 #1wd ! %none
Xử lý đơn tại cấp xã | @3 #10wd !
""",
    ),
    Block(
        "Hòa giải ở cơ sở",
        applicant="citizen",
        limit="5wd",
        difficulty=0.8,
        names="""
Công nhận hòa giải viên | @0.2
Công nhận tổ trưởng tổ hòa giải | @0.1
Thôi làm hòa giải viên | @0.1
Thanh toán thù lao cho hòa giải viên | @0.2
Thực hiện hỗ trợ khi hòa giải viên gặp tai nạn hoặc rủi ro ảnh hưởng đến sức khỏe, tính mạng trong khi thực hiện hoạt động hòa giải | @0.05 #10wd
""",
    ),
    Block(
        "Phổ biến, giáo dục pháp luật",
        applicant="citizen",
        limit="5wd",
        difficulty=0.7,
        names="""
Công nhận tuyên truyền viên pháp luật | @0.2
Cho thôi làm tuyên truyền viên pháp luật | @0.05
""",
    ),
    Block(
        "Bồi thường nhà nước",
        applicant="citizen",
        limit="30d",
        difficulty=1.5,
        online_cap="partial",
        names="""
Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt hại cấp xã | @0.02
Phục hồi danh dự tại cấp xã | @0.01
""",
    ),
    Block(
        "Nghĩa vụ quân sự",
        applicant="citizen",
        limit="1wd",
        difficulty=0.5,
        names="""
Đăng ký nghĩa vụ quân sự lần đầu | @3 !
Đăng ký nghĩa vụ quân sự bổ sung | @1 !
Đăng ký tạm vắng nghĩa vụ quân sự | @0.5 !
Xét miễn gọi nhập ngũ, tạm hoãn gọi nhập ngũ đối với công dân | @0.3 #10wd
""",
    ),
    Block(
        "Tổ chức phi chính phủ",
        applicant="citizen",
        limit="15wd",
        difficulty=0.9,
        names="""
Công nhận ban vận động thành lập hội có phạm vi hoạt động trong xã | @0.05
Thông báo kết quả đại hội của hội có phạm vi hoạt động trong xã | @0.05 !
""",
    ),
    Block(
        "Công tác dân tộc",
        applicant="citizen",
        limit="10wd",
        difficulty=1.0,
        online_cap="partial",
        names="""
Bình chọn, công nhận người có uy tín trong đồng bào dân tộc thiểu số | @0.05 #15wd
Hỗ trợ đất ở, nhà ở, đất sản xuất, nước sinh hoạt cho hộ đồng bào dân tộc thiểu số nghèo | @0.3
""",
    ),
)
