"""Province-level TTHC (cấp tỉnh) by handling department and field, as in provincial catalogues after the 2025
reorganisation of departments. Line format: see :mod:`chiso.reference.blocks`."""

# One TTHC per line, spelled as published, so some lines are long.
# ruff: noqa: E501

from __future__ import annotations

from chiso.reference.blocks import Block

PROVINCE_BLOCKS: tuple[Block, ...] = (
    # ---------------------------------------------------------------- Sở Tư pháp
    Block(
        "Luật sư",
        department="STP",
        applicant="both",
        limit="7wd",
        fee=100000,
        fee_share=0.6,
        names="""
{Đăng ký|Thay đổi nội dung đăng ký} hoạt động của tổ chức hành nghề luật sư | @1.5
Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư | @0.5
Đăng ký hành nghề luật sư với tư cách cá nhân | @0.3
Hợp nhất, sáp nhập công ty luật | @0.05 #10wd
Chuyển đổi văn phòng luật sư thành công ty luật | @0.1
Đăng ký hoạt động của chi nhánh, công ty luật nước ngoài tại Việt Nam | @0.05 $0 #10wd
""",
    ),
    Block(
        "Công chứng",
        department="STP",
        applicant="both",
        limit="10wd",
        fee=500000,
        fee_share=0.5,
        names="""
Đăng ký hành nghề và cấp Thẻ công chứng viên | @0.5
Cấp lại Thẻ công chứng viên | @0.1 #5wd
Thành lập Văn phòng công chứng | @0.2 #20d
{Đăng ký hoạt động|Thay đổi nội dung đăng ký hoạt động} Văn phòng công chứng | @0.4
Hợp nhất, sáp nhập, chuyển nhượng Văn phòng công chứng | @0.05 #20d
Đăng ký tập sự hành nghề công chứng | @0.5 $0 #7wd
Đăng ký tham dự kiểm tra kết quả tập sự hành nghề công chứng | @0.2 $0 ! %full
""",
    ),
    Block(
        "Đấu giá tài sản",
        department="STP",
        applicant="business",
        limit="7wd",
        fee=1000000,
        fee_share=0.5,
        names="""
{Đăng ký|Thay đổi nội dung đăng ký} hoạt động của doanh nghiệp đấu giá tài sản | @0.3
Đăng ký hoạt động của chi nhánh doanh nghiệp đấu giá tài sản | @0.1
Phê duyệt đủ điều kiện thực hiện hình thức đấu giá trực tuyến | @0.05 $0 #30d
""",
    ),
    Block(
        "Giám định tư pháp",
        department="STP",
        applicant="citizen",
        limit="20d",
        names="""
{Bổ nhiệm|Miễn nhiệm} giám định viên tư pháp | @0.2
{Cấp phép thành lập|Đăng ký hoạt động} Văn phòng giám định tư pháp | @0.05 &business
""",
    ),
    Block(
        "Trọng tài thương mại, hòa giải thương mại",
        department="STP",
        applicant="business",
        limit="15d",
        names="""
Đăng ký hoạt động của Trung tâm trọng tài | @0.05
Đăng ký hoạt động của Trung tâm hòa giải thương mại | @0.05
Đăng ký làm hòa giải viên thương mại vụ việc | @0.1 #7wd &citizen
""",
    ),
    Block(
        "Quốc tịch",
        department="STP",
        applicant="citizen",
        limit="20d",
        fee=3000000,
        fee_share=0.5,
        difficulty=1.5,
        online_cap="partial",
        names="""
Xin nhập quốc tịch Việt Nam | @0.1 #115d
Xin trở lại quốc tịch Việt Nam | @0.1 #85d
Xin thôi quốc tịch Việt Nam | @0.5 #65d
Cấp Giấy xác nhận có quốc tịch Việt Nam | @1 $100000 #20d
Cấp Giấy xác nhận là người gốc Việt Nam | @0.3 $100000 #15d
""",
    ),
    Block(
        "Nuôi con nuôi",
        department="STP",
        applicant="citizen",
        limit="30d",
        fee=9000000,
        fee_share=1.0,
        difficulty=1.5,
        online_cap="partial",
        names="""
Giải quyết việc người nước ngoài thường trú ở Việt Nam nhận trẻ em Việt Nam làm con nuôi | @0.05 #60d
Đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài | @0.02 $0 #5wd
""",
    ),
    Block(
        "Trợ giúp pháp lý",
        department="STP",
        applicant="citizen",
        limit="3wd",
        names="""
Yêu cầu trợ giúp pháp lý | @14
Đăng ký tham gia trợ giúp pháp lý | @0.2 #7wd &business
Lựa chọn, ký hợp đồng với tổ chức hành nghề luật sư, tổ chức tư vấn pháp luật | @0.1 #10wd &business
Thay đổi người thực hiện trợ giúp pháp lý | @0.3
Cấp lại thẻ cộng tác viên trợ giúp pháp lý | @0.1
""",
    ),
    Block(
        "Thừa phát lại, quản tài viên",
        department="STP",
        applicant="citizen",
        limit="10wd",
        fee=500000,
        fee_share=0.5,
        names="""
Đăng ký hành nghề và cấp Thẻ Thừa phát lại | @0.1
{Thành lập|Đăng ký hoạt động} Văn phòng Thừa phát lại | @0.05 &business
Đăng ký hành nghề quản lý, thanh lý tài sản với tư cách cá nhân | @0.05
""",
    ),
    Block(
        "Bồi thường nhà nước",
        department="STP",
        applicant="citizen",
        limit="30d",
        difficulty=1.5,
        online_cap="partial",
        names="""
Xác định cơ quan giải quyết bồi thường | @0.1 #5wd
Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt hại cấp tỉnh | @0.05
Phục hồi danh dự tại cấp tỉnh | @0.02
""",
    ),
    Block(
        "Hộ tịch",
        department="STP",
        applicant="citizen",
        limit="3wd",
        names="""
Cấp bản sao trích lục hộ tịch do Sở Tư pháp lưu giữ | @6 $8000 ~ #8h
Cấp văn bản xác nhận thông tin hộ tịch | @3
""",
    ),
    # ---------------------------------------------------------------- Công an tỉnh
    Block(
        "Lý lịch tư pháp",
        department="CA",
        applicant="citizen",
        limit="10wd",
        fee=200000,
        fee_share=1.0,
        difficulty=1.1,
        names="""
Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam | @560
Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng | @25 $0 &business
Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội | @10 $0 &business
""",
    ),
    Block(
        "Xuất nhập cảnh",
        department="CA",
        applicant="citizen",
        limit="8wd",
        fee=200000,
        fee_share=0.8,
        names="""
Cấp hộ chiếu phổ thông ở trong nước | @700
Cấp lại hộ chiếu phổ thông ở trong nước | @80 $400000
Khôi phục giá trị sử dụng hộ chiếu phổ thông | @4 $0 #5wd
Trình báo mất hộ chiếu phổ thông | @10 $0 #1wd !
Cấp thị thực cho người nước ngoài tại Việt Nam | @18 $600000 #5wd
Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam | @14 $3500000 #5wd &business
Gia hạn tạm trú cho người nước ngoài tại Việt Nam | @15 $250000 #5wd
Cấp thẻ thường trú cho người nước ngoài tại Việt Nam | @0.5 $100000 #4wd
Cấp giấy thông hành xuất, nhập cảnh vùng biên giới | @20 $50000 #1wd
""",
    ),
    Block(
        "Căn cước",
        department="CA",
        applicant="citizen",
        limit="7wd",
        fee=30000,
        fee_share=0.5,
        names="""
Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên | @300 $0
Cấp thẻ căn cước cho công dân dưới 14 tuổi | @110 $0
Cấp đổi thẻ căn cước | @190 $30000
Cấp lại thẻ căn cước | @60 $70000
Cấp giấy chứng nhận căn cước | @0.5 $0
""",
    ),
    Block(
        "Đăng ký, quản lý phương tiện giao thông",
        department="CA",
        applicant="both",
        limit="2wd",
        fee=150000,
        fee_share=1.0,
        names="""
Đăng ký, cấp biển số xe lần đầu | @240 $500000
Đăng ký sang tên xe | @120
Thu hồi chứng nhận đăng ký xe, biển số xe | @55 $0 #8h
Cấp đổi chứng nhận đăng ký xe, biển số xe | @40
Cấp lại chứng nhận đăng ký xe, biển số xe | @14
Đăng ký xe tạm thời | @9 $50000 #8h
""",
    ),
    Block(
        "Giấy phép lái xe",
        department="CA",
        applicant="citizen",
        limit="5wd",
        fee=135000,
        fee_share=1.0,
        names="""
Cấp đổi giấy phép lái xe | @300
Cấp lại giấy phép lái xe | @80
Cấp giấy phép lái xe quốc tế | @18
Đổi giấy phép lái xe do nước ngoài cấp | @3
Sát hạch, cấp giấy phép lái xe | @190 $450000 #10wd %partial
""",
    ),
    Block(
        "Quản lý con dấu, ngành nghề có điều kiện về an ninh trật tự",
        department="CA",
        applicant="business",
        limit="5wd",
        fee=300000,
        fee_share=0.5,
        names="""
{Đăng ký mẫu con dấu mới|Đăng ký lại mẫu con dấu|Đăng ký thêm con dấu} | @40 $50000 #3wd
Đổi, cấp lại giấy chứng nhận đăng ký mẫu con dấu | @4 $50000 #3wd
{Cấp|Cấp đổi|Cấp lại} giấy chứng nhận đủ điều kiện về an ninh, trật tự để làm ngành, nghề đầu tư kinh doanh có điều kiện | @20
""",
    ),
    Block(
        "Phòng cháy, chữa cháy",
        department="CA",
        applicant="business",
        limit="10wd",
        fee=0,
        fee_share=0.0,
        difficulty=1.4,
        names="""
Thẩm định thiết kế về phòng cháy và chữa cháy | @20 #15wd
Nghiệm thu về phòng cháy và chữa cháy | @15
Cấp giấy chứng nhận huấn luyện nghiệp vụ phòng cháy, chữa cháy | @10 #7wd &citizen
Phục hồi hoạt động của cơ sở, phương tiện giao thông, hộ gia đình bị tạm đình chỉ về phòng cháy và chữa cháy | @1 #1wd
Cấp giấy phép vận chuyển hàng hóa nguy hiểm về cháy, nổ | @3 #5wd
""",
    ),
    Block(
        "Quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ",
        department="CA",
        applicant="business",
        limit="5wd",
        names="""
{Cấp giấy phép mua|Cấp giấy phép sử dụng} công cụ hỗ trợ | @1
Cấp giấy phép sử dụng vũ khí thô sơ | @0.3
""",
    ),
    # ---------------------------------------------------------------- Sở Tài chính
    Block(
        "Thành lập và hoạt động doanh nghiệp",
        department="STC",
        applicant="business",
        limit="3wd",
        fee=50000,
        fee_share=0.7,
        difficulty=0.6,
        names="""
Đăng ký thành lập doanh nghiệp tư nhân | @28
Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên | @120
Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên | @55
Đăng ký thành lập công ty cổ phần | @45
Đăng ký thành lập công ty hợp danh | @0.5
Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp | @60
Đăng ký thay đổi người đại diện theo pháp luật của công ty | @40
Đăng ký thay đổi vốn điều lệ, thay đổi tỷ lệ vốn góp | @50
Đăng ký thay đổi thành viên công ty trách nhiệm hữu hạn hai thành viên trở lên | @25
Đăng ký thay đổi chủ sở hữu công ty trách nhiệm hữu hạn một thành viên | @15
Thông báo thay đổi ngành, nghề kinh doanh | @60 $0
Thông báo thay đổi thông tin cổ đông sáng lập công ty cổ phần | @5 $0
Đăng ký thay đổi tên doanh nghiệp | @10
Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo | @50 $0
Giải thể doanh nghiệp | @25 $0 #5wd
{Đăng ký hoạt động|Chấm dứt hoạt động} chi nhánh, văn phòng đại diện, địa điểm kinh doanh | @50
Chuyển đổi công ty trách nhiệm hữu hạn thành công ty cổ phần và ngược lại | @5
Cấp lại Giấy chứng nhận đăng ký doanh nghiệp | @4
Hiệu đính thông tin đăng ký doanh nghiệp | @3 $0
Cung cấp thông tin về đăng ký doanh nghiệp | @14 $150000 #2wd
""",
    ),
    Block(
        "Thành lập và hoạt động của hợp tác xã",
        department="STC",
        applicant="business",
        limit="3wd",
        fee=100000,
        fee_share=0.6,
        names="""
Đăng ký thành lập hợp tác xã | @2
Đăng ký thay đổi nội dung đăng ký hợp tác xã | @2
Tạm ngừng hoạt động của hợp tác xã | @0.5 $0
Giải thể tự nguyện hợp tác xã | @0.5 $0 #5wd
""",
    ),
    Block(
        "Đầu tư tại Việt Nam",
        department="STC",
        applicant="business",
        limit="15d",
        difficulty=1.6,
        names="""
Chấp thuận chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh | @3 #35d
{Cấp|Điều chỉnh} Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư | @5
Điều chỉnh dự án đầu tư đã được chấp thuận chủ trương đầu tư | @4 #25d
Chuyển nhượng dự án đầu tư | @1 #25d
{Gia hạn thời hạn hoạt động|Giãn tiến độ thực hiện|Ngừng hoạt động|Chấm dứt hoạt động} của dự án đầu tư | @2
Góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư nước ngoài | @8
Thành lập văn phòng điều hành của nhà đầu tư nước ngoài trong hợp đồng BCC | @0.3
Cung cấp thông tin về dự án đầu tư | @1 #5wd
""",
    ),
    Block(
        "Quản lý công sản, giá, ngân sách",
        department="STC",
        applicant="business",
        limit="15wd",
        difficulty=1.3,
        online_cap="partial",
        names="""
{Quyết định thanh lý|Quyết định điều chuyển|Quyết định bán} tài sản công | @0.5
Xác lập quyền sở hữu toàn dân đối với tài sản | @0.3 #30d
Quyết định giá thuộc thẩm quyền của cấp tỉnh | @0.4 #20wd
Kê khai giá hàng hóa, dịch vụ | @2 #5wd !
Cấp mã số đơn vị có quan hệ với ngân sách | @10 #2wd %full
Thẩm định kế hoạch lựa chọn nhà thầu | @1 #20d
Phê duyệt khoản viện trợ phi chính phủ nước ngoài không thuộc chương trình, dự án | @0.3 #20d
Hỗ trợ tư vấn cho doanh nghiệp nhỏ và vừa | @0.5 #10wd
""",
    ),
    # ---------------------------------------------------------------- Sở Xây dựng
    Block(
        "Hoạt động xây dựng",
        department="SXD",
        applicant="business",
        limit="20d",
        fee=150000,
        fee_share=0.5,
        difficulty=1.7,
        names="""
Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng, điều chỉnh Báo cáo nghiên cứu khả thi | @8 $0 #25d
Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở | @10 $0 #30d
{Cấp|Điều chỉnh|Gia hạn|Cấp lại} giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II | @15
Cấp giấy phép xây dựng có thời hạn đối với công trình | @1
Cấp giấy phép di dời công trình | @0.2
{Cấp|Cấp lại|Điều chỉnh, bổ sung|Gia hạn} chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III | @12 $300000 &citizen
{Cấp|Cấp lại|Điều chỉnh, bổ sung} chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III | @8 $1000000
Kiểm tra công tác nghiệm thu hoàn thành công trình | @5 $0 #15d
{Cấp|Điều chỉnh} giấy phép hoạt động xây dựng cho nhà thầu nước ngoài | @0.5 $2000000
""",
    ),
    Block(
        "Quy hoạch xây dựng, kiến trúc",
        department="SQHKT",
        applicant="both",
        limit="15d",
        difficulty=1.5,
        names="""
Cung cấp thông tin về quy hoạch xây dựng | @10 #10wd
{Thẩm định nhiệm vụ|Thẩm định đồ án} quy hoạch chi tiết của dự án đầu tư xây dựng | @2 #20d &business
Cấp giấy phép quy hoạch dự án đầu tư xây dựng | @0.5 #30d &business
{Cấp|Cấp lại|Gia hạn} chứng chỉ hành nghề kiến trúc | @1 $300000 &citizen
""",
    ),
    Block(
        "Nhà ở",
        department="SXD",
        applicant="both",
        limit="30d",
        difficulty=1.4,
        online_cap="partial",
        names="""
{Cho thuê|Thuê mua} nhà ở xã hội thuộc tài sản công | @2 &citizen
Mua bán nhà ở thuộc tài sản công | @0.5 &citizen
Công nhận chủ đầu tư dự án xây dựng nhà ở | @0.3 &business
Thẩm định giá bán, thuê mua, thuê nhà ở xã hội | @0.3 &business
Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua | @1 #15d ! &business
""",
    ),
    Block(
        "Kinh doanh bất động sản",
        department="SXD",
        applicant="citizen",
        limit="10wd",
        fee=200000,
        fee_share=1.0,
        names="""
{Cấp|Cấp lại|Gia hạn} chứng chỉ hành nghề môi giới bất động sản | @5
Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản | @0.3 $0 #30d &business
""",
    ),
    Block(
        "Đường bộ",
        department="SXD",
        applicant="business",
        limit="5wd",
        fee=200000,
        fee_share=0.4,
        names="""
Cấp giấy phép thi công công trình đường bộ trên quốc lộ, đường tỉnh đang khai thác | @5 $0 #7wd
Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ | @4 $0 #7wd
Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn, xe bánh xích trên đường bộ | @20 $0 #2wd
{Cấp|Cấp lại} Giấy phép kinh doanh vận tải bằng xe ô tô | @15
{Cấp|Cấp lại} phù hiệu xe ô tô kinh doanh vận tải | @60 $0 #2wd
Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô | @3 $0
Cấp Giấy phép vận tải đường bộ quốc tế | @2 $50000 #3wd
Cấp giấy phép xe tập lái | @3 $0 #3wd
Cấp giấy chứng nhận giáo viên dạy thực hành lái xe | @0.5 $0 &citizen
""",
    ),
    Block(
        "Đường thủy nội địa",
        department="SXD",
        applicant="both",
        limit="3wd",
        fee=70000,
        fee_share=1.0,
        names="""
{Đăng ký lần đầu|Đăng ký lại|Xóa giấy chứng nhận đăng ký} phương tiện thủy nội địa | @3
Cấp giấy phép hoạt động bến thủy nội địa | @0.5 #5wd
""",
    ),
    Block(
        "Vật liệu xây dựng, hạ tầng kỹ thuật",
        department="SXD",
        applicant="business",
        limit="5wd",
        names="""
Tiếp nhận bản công bố hợp quy sản phẩm, hàng hóa vật liệu xây dựng | @3 ! %full
Cấp giấy phép chặt hạ, dịch chuyển cây xanh đô thị | @1 #10wd &both
""",
    ),
    # ---------------------------------------------------------------- Sở Nông nghiệp và Môi trường
    Block(
        "Đất đai",
        department="SNNMT",
        applicant="both",
        limit="10wd",
        fee=100000,
        fee_share=0.6,
        difficulty=2.3,
        online_cap="partial",
        names="""
Giao đất, cho thuê đất không đấu giá quyền sử dụng đất đối với tổ chức | @3 #20d &business
Chuyển mục đích sử dụng đất đối với tổ chức | @2 #20d &business
Gia hạn sử dụng đất đối với tổ chức | @1 #15d &business
{Đăng ký đất đai lần đầu|Đăng ký biến động đất đai} đối với tổ chức | @10 &business
Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất cho tổ chức | @5 #20wd &business
Đăng ký biến động quyền sử dụng đất do chuyển nhượng, thừa kế, tặng cho tại Văn phòng đăng ký đất đai | @90
Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất | @120 $80000 #1wd
Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất | @80 $20000 #1wd
Đăng ký thay đổi nội dung biện pháp bảo đảm bằng quyền sử dụng đất đã đăng ký | @10 $60000 #3wd
Cung cấp dữ liệu đất đai | @30 $30000 #3wd %full
Thẩm định phương án sử dụng đất của công ty nông, lâm nghiệp | @0.1 $0 #30d &business
""",
    ),
    Block(
        "Môi trường",
        department="SNNMT",
        applicant="business",
        limit="30d",
        fee=5000000,
        fee_share=0.6,
        difficulty=1.8,
        names="""
{Cấp|Cấp đổi|Cấp điều chỉnh|Cấp lại} giấy phép môi trường | @4
Thẩm định báo cáo đánh giá tác động môi trường | @3 #45d
Cấp, điều chỉnh giấy phép xử lý chất thải nguy hại | @0.3
Vận hành thử nghiệm công trình xử lý chất thải | @1 $0 ! %full
Cấp giấy chứng nhận cơ sở bảo tồn đa dạng sinh học | @0.05 $0
""",
    ),
    Block(
        "Tài nguyên nước",
        department="SNNMT",
        applicant="business",
        limit="30d",
        fee=1000000,
        fee_share=0.8,
        difficulty=1.5,
        names="""
{Cấp|Gia hạn, điều chỉnh|Cấp lại} giấy phép khai thác nước mặt | @1
{Cấp|Gia hạn, điều chỉnh} giấy phép khai thác nước dưới đất | @2
{Cấp|Gia hạn, điều chỉnh} giấy phép thăm dò nước dưới đất | @0.5
Cấp giấy phép hành nghề khoan nước dưới đất | @0.5 #20d
Kê khai, đăng ký khai thác tài nguyên nước | @1 $0 #10wd !
""",
    ),
    Block(
        "Địa chất và khoáng sản",
        department="SNNMT",
        applicant="business",
        limit="45d",
        fee=4000000,
        fee_share=0.7,
        difficulty=1.8,
        online_cap="partial",
        names="""
{Cấp|Gia hạn} giấy phép thăm dò khoáng sản | @0.3
{Cấp|Gia hạn|Trả lại} giấy phép khai thác khoáng sản | @0.5
Cấp giấy phép khai thác khoáng sản làm vật liệu xây dựng thông thường | @0.5
Phê duyệt trữ lượng khoáng sản | @0.2
Đóng cửa mỏ khoáng sản | @0.1 $0
Tính tiền cấp quyền khai thác khoáng sản | @0.3 $0 #30d
""",
    ),
    Block(
        "Đo đạc, bản đồ và khí tượng thủy văn",
        department="SNNMT",
        applicant="both",
        limit="10wd",
        names="""
Cung cấp thông tin, dữ liệu, sản phẩm đo đạc và bản đồ | @2 $50000 #5wd
Cấp giấy phép hoạt động đo đạc và bản đồ hạng II | @0.3 $1000000 #15wd &business
Cung cấp thông tin, dữ liệu khí tượng thủy văn | @0.5 $0 #5wd
Cấp giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn | @0.05 $0 #20d &business
""",
    ),
    Block(
        "Trồng trọt và bảo vệ thực vật",
        department="SNNMT",
        applicant="business",
        limit="20d",
        fee=500000,
        fee_share=0.8,
        names="""
Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón | @2
Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật | @1.5
Cấp giấy chứng nhận kiểm dịch thực vật nội địa | @5 $70000 #1wd &both
Cấp Quyết định công nhận cây đầu dòng, vườn cây đầu dòng | @0.1
""",
    ),
    Block(
        "Chăn nuôi và thú y",
        department="SNNMT",
        applicant="both",
        limit="10wd",
        fee=200000,
        fee_share=0.6,
        names="""
Cấp giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh | @40 $70000 #1wd
Cấp Giấy chứng nhận đủ điều kiện vệ sinh thú y | @2
Cấp chứng chỉ hành nghề thú y | @1 #5wd &citizen
Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật | @0.5 #20wd
Cấp Giấy chứng nhận đủ điều kiện chăn nuôi trang trại quy mô lớn | @0.5 $0 #20wd &business
""",
    ),
    Block(
        "Lâm nghiệp",
        department="SNNMT",
        applicant="business",
        limit="20wd",
        difficulty=1.3,
        online_cap="partial",
        names="""
Phê duyệt phương án quản lý rừng bền vững | @0.1
Phê duyệt, điều chỉnh thiết kế dự toán công trình lâm sinh | @0.3
Đăng ký mã số cơ sở trồng cấy nhân tạo thực vật rừng | @0.3 #5wd
Nộp tiền trồng rừng thay thế | @0.3 #10wd
""",
    ),
    Block(
        "Thủy sản",
        department="SNNMT",
        applicant="both",
        limit="5wd",
        fee=200000,
        fee_share=0.7,
        names="""
{Cấp|Cấp lại} giấy phép khai thác thủy sản | @3
Đăng ký tàu cá | @2 $70000
Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá | @1 $0
Cấp Giấy chứng nhận an toàn kỹ thuật tàu cá | @2
Cấp giấy xác nhận nguồn gốc thủy sản khai thác | @2 $0 #2wd
""",
    ),
    Block(
        "Thủy lợi, phòng chống thiên tai",
        department="SNNMT",
        applicant="business",
        limit="20d",
        online_cap="partial",
        names="""
Cấp giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi | @0.5
Phê duyệt phương án ứng phó thiên tai cho công trình, vùng hạ du đập | @0.1 #30d
Cấp phép hoạt động trong phạm vi bảo vệ đê điều | @0.3
""",
    ),
    Block(
        "Phát triển nông thôn và chất lượng nông lâm thủy sản",
        department="SNNMT",
        applicant="business",
        limit="15wd",
        names="""
Công nhận làng nghề truyền thống | @0.05 #30d
Đánh giá, phân hạng sản phẩm OCOP | @1 #30d
Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh nông, lâm, thủy sản | @3 $700000
Xác nhận kiến thức an toàn thực phẩm nông, lâm, thủy sản | @1 $30000 #5wd &both
""",
    ),
    # ---------------------------------------------------------------- Sở Công Thương
    Block(
        "Lưu thông hàng hóa trong nước",
        department="SCT",
        applicant="business",
        limit="10wd",
        fee=1200000,
        fee_share=1.0,
        names="""
{Cấp|Cấp lại|Cấp sửa đổi, bổ sung} Giấy phép bán buôn rượu | @2
{Cấp|Cấp lại|Cấp sửa đổi, bổ sung} Giấy phép bán buôn sản phẩm thuốc lá | @0.5
Cấp Giấy phép sản xuất rượu công nghiệp quy mô dưới 3 triệu lít/năm | @0.1 #15wd
""",
    ),
    Block(
        "Kinh doanh khí và xăng dầu",
        department="SCT",
        applicant="business",
        limit="15wd",
        fee=1200000,
        fee_share=1.0,
        names="""
{Cấp|Cấp lại|Điều chỉnh} Giấy chứng nhận đủ điều kiện trạm nạp LPG vào chai | @0.3
Cấp Giấy chứng nhận đủ điều kiện thương nhân kinh doanh mua bán LPG | @0.3
{Cấp|Cấp sửa đổi, bổ sung|Cấp lại} Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu | @2
Cấp Giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu | @0.1
""",
    ),
    Block(
        "Điện",
        department="SCT",
        applicant="business",
        limit="15wd",
        fee=800000,
        fee_share=0.5,
        names="""
{Cấp|Sửa đổi, bổ sung} giấy phép hoạt động điện lực | @1
Cấp thẻ kiểm tra viên điện lực | @1 $0 #10wd &citizen
Huấn luyện và cấp mới thẻ an toàn điện | @0.5 $0 &citizen
""",
    ),
    Block(
        "Hóa chất và vật liệu nổ công nghiệp",
        department="SCT",
        applicant="business",
        limit="12wd",
        fee=1200000,
        fee_share=0.7,
        names="""
Cấp Giấy chứng nhận đủ điều kiện sản xuất, kinh doanh hóa chất sản xuất, kinh doanh có điều kiện trong lĩnh vực công nghiệp | @1
Cấp giấy phép sử dụng vật liệu nổ công nghiệp | @0.5
Cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp | @0.5 $0 &citizen
""",
    ),
    Block(
        "An toàn thực phẩm",
        department="SCT",
        applicant="business",
        limit="15wd",
        fee=1000000,
        fee_share=1.0,
        names="""
Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm do Sở Công Thương thực hiện | @2
Cấp Giấy xác nhận kiến thức an toàn thực phẩm do Sở Công Thương thực hiện | @1 $30000 #5wd &both
""",
    ),
    Block(
        "Xúc tiến thương mại",
        department="SCT",
        applicant="business",
        limit="5wd",
        names="""
Đăng ký thực hiện khuyến mại theo hình thức mang tính may rủi trên địa bàn một tỉnh | @15
Thông báo thực hiện khuyến mại | @40 #1wd ! %full
{Đăng ký tổ chức|Đăng ký sửa đổi, bổ sung nội dung tổ chức} hội chợ, triển lãm thương mại | @2
""",
    ),
    Block(
        "Thương mại quốc tế",
        department="SCT",
        applicant="business",
        limit="7wd",
        fee=3000000,
        fee_share=0.7,
        names="""
{Cấp|Cấp lại|Điều chỉnh|Gia hạn} Giấy phép thành lập Văn phòng đại diện của thương nhân nước ngoài tại Việt Nam | @1
Cấp Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài thực hiện hoạt động mua bán hàng hóa | @1 #20d
""",
    ),
    Block(
        "Công nghiệp địa phương và cạnh tranh",
        department="SCT",
        applicant="business",
        limit="15wd",
        names="""
Đăng ký hoạt động bán hàng đa cấp tại địa phương | @0.1
Đăng ký sản phẩm công nghiệp nông thôn tiêu biểu | @0.1 #30d
Hỗ trợ kinh phí khuyến công địa phương | @0.2 #20wd
""",
    ),
    # ---------------------------------------------------------------- Sở Y tế
    Block(
        "Khám bệnh, chữa bệnh",
        department="SYT",
        applicant="citizen",
        limit="20d",
        fee=360000,
        fee_share=0.7,
        difficulty=1.3,
        names="""
{Cấp mới|Cấp lại|Điều chỉnh} giấy phép hành nghề khám bệnh, chữa bệnh | @30
Gia hạn giấy phép hành nghề khám bệnh, chữa bệnh | @5
{Cấp mới|Cấp lại|Điều chỉnh} giấy phép hoạt động đối với cơ sở khám bệnh, chữa bệnh | @5 $4300000 &business
Đăng ký hành nghề khám bệnh, chữa bệnh | @8 $0 #5wd !
Phê duyệt danh mục kỹ thuật thực hiện tại cơ sở khám bệnh, chữa bệnh | @1 $0 #30d &business
Xếp cấp chuyên môn kỹ thuật đối với cơ sở khám bệnh, chữa bệnh | @0.5 $0 #30d &business
""",
    ),
    Block(
        "Dược phẩm",
        department="SYT",
        applicant="business",
        limit="20d",
        fee=500000,
        fee_share=0.7,
        difficulty=1.2,
        names="""
{Cấp|Cấp lại|Điều chỉnh nội dung} Chứng chỉ hành nghề dược | @15 &citizen
Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc | @15
Đánh giá đáp ứng Thực hành tốt cơ sở bán lẻ thuốc | @10 $1000000
Cho phép hủy thuốc gây nghiện, thuốc hướng thần, tiền chất dùng làm thuốc | @0.3 $0 #10wd
Duyệt dự trù thuốc gây nghiện, thuốc hướng thần, tiền chất dùng làm thuốc | @2 $0 #10wd
""",
    ),
    Block(
        "Mỹ phẩm và trang thiết bị y tế",
        department="SYT",
        applicant="business",
        limit="3wd",
        fee=500000,
        fee_share=0.6,
        names="""
Cấp số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước | @8
Cấp Giấy chứng nhận đủ điều kiện sản xuất mỹ phẩm | @0.2 #30d
Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D | @3 $0 ! %full
Công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế loại A, B | @3 $0 ! %full
""",
    ),
    Block(
        "Y tế dự phòng",
        department="SYT",
        applicant="business",
        limit="15wd",
        names="""
Cấp giấy chứng nhận bị phơi nhiễm HIV do tai nạn rủi ro nghề nghiệp | @0.1 #7wd &citizen
Công bố cơ sở đủ điều kiện thực hiện tiêm chủng | @0.3 ! %full
Công bố đủ điều kiện xét nghiệm khẳng định các trường hợp HIV dương tính | @0.05 !
""",
    ),
    Block(
        "An toàn thực phẩm và dinh dưỡng",
        department="SYT",
        applicant="business",
        limit="15wd",
        fee=500000,
        fee_share=1.0,
        names="""
Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm do Sở Y tế thực hiện | @5
Đăng ký bản công bố sản phẩm thực phẩm dinh dưỡng y học, thực phẩm dùng cho chế độ ăn đặc biệt | @2 #7wd
Xác nhận nội dung quảng cáo thực phẩm | @3 $1000000 #10wd
""",
    ),
    Block(
        "Bảo trợ xã hội và phòng, chống tệ nạn xã hội",
        department="SYT",
        applicant="business",
        limit="15wd",
        online_cap="partial",
        names="""
Thành lập cơ sở trợ giúp xã hội công lập | @0.02 #30d
{Cấp|Cấp lại} giấy phép hoạt động của cơ sở trợ giúp xã hội | @0.1
Tiếp nhận đối tượng vào cơ sở trợ giúp xã hội cấp tỉnh | @0.5 #7wd &citizen
Cấp giấy phép thành lập cơ sở cai nghiện ma túy tự nguyện | @0.05 #30d
""",
    ),
    Block(
        "Giám định y khoa",
        department="SYT",
        applicant="citizen",
        limit="30d",
        fee=800000,
        fee_share=0.5,
        difficulty=1.4,
        online_cap="partial",
        names="""
Khám giám định y khoa lần đầu | @5
Khám giám định lại | @1
Khám giám định phúc quyết | @0.3 #60d
Khám giám định mức độ khuyết tật đối với trường hợp Hội đồng xác định mức độ khuyết tật không đưa ra được kết luận | @1 $0
""",
    ),
    # ---------------------------------------------------------------- Sở Giáo dục và Đào tạo
    Block(
        "Giáo dục trung học",
        department="SGDDT",
        applicant="business",
        limit="20wd",
        names="""
Thành lập trường trung học phổ thông công lập hoặc cho phép thành lập trường trung học phổ thông tư thục | @0.02
Cho phép trường trung học phổ thông hoạt động giáo dục | @0.02
{Sáp nhập, chia, tách|Giải thể} trường trung học phổ thông | @0.01
Chuyển trường đối với học sinh trung học phổ thông | @8 $0 #3wd &citizen
Xin học lại tại trường khác đối với học sinh trung học | @1 $0 #3wd &citizen
Tiếp nhận học sinh Việt Nam về nước | @0.3 $0 #5wd &citizen
Tiếp nhận học sinh người nước ngoài | @0.1 $0 #5wd &citizen
Xét duyệt chính sách hỗ trợ đối với học sinh trung học phổ thông là người dân tộc thiểu số | @1 $0 #10wd &citizen
""",
    ),
    Block(
        "Giáo dục thường xuyên và các cơ sở giáo dục khác",
        department="SGDDT",
        applicant="business",
        limit="20d",
        names="""
{Thành lập|Cho phép hoạt động giáo dục} trung tâm ngoại ngữ, tin học | @0.5
Cấp phép hoạt động giáo dục kỹ năng sống | @0.3
Đăng ký hoạt động dạy thêm, học thêm ngoài nhà trường | @3 #10wd !
Cấp giấy chứng nhận đăng ký hoạt động dịch vụ tư vấn du học | @0.3
""",
    ),
    Block(
        "Văn bằng, chứng chỉ",
        department="SGDDT",
        applicant="citizen",
        limit="5wd",
        names="""
Cấp bản sao văn bằng, chứng chỉ từ sổ gốc | @28 $10000 ~ #8h
Chỉnh sửa nội dung văn bằng, chứng chỉ | @5
Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp | @2 #20d
""",
    ),
    Block(
        "Thi, tuyển sinh",
        department="SGDDT",
        applicant="citizen",
        limit="5wd",
        names="""
Đăng ký dự thi tốt nghiệp trung học phổ thông | @40 ! %full
Phúc khảo bài thi tốt nghiệp trung học phổ thông | @6 $30000 #15d
Xét tuyển sinh vào trường phổ thông dân tộc nội trú | @3 #10wd
Xét đặc cách tốt nghiệp trung học phổ thông | @0.1 #10wd
""",
    ),
    Block(
        "Giáo dục nghề nghiệp",
        department="SGDDT",
        applicant="business",
        limit="15wd",
        names="""
{Cấp|Đăng ký bổ sung} giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp | @0.5
Thành lập trung tâm giáo dục nghề nghiệp | @0.05 #20wd
Cấp giấy chứng nhận đăng ký hoạt động liên kết đào tạo với nước ngoài | @0.05 #20wd
""",
    ),
    # ---------------------------------------------------------------- Sở Nội vụ
    Block(
        "Việc làm",
        department="SNV",
        applicant="citizen",
        limit="20d",
        difficulty=1.1,
        names="""
Giải quyết hưởng trợ cấp thất nghiệp | @60
{Tạm dừng|Tiếp tục|Chấm dứt} hưởng trợ cấp thất nghiệp | @8 #3wd
Chuyển nơi hưởng trợ cấp thất nghiệp | @2 #5wd
Hỗ trợ học nghề cho người lao động đang hưởng trợ cấp thất nghiệp | @3
Thông báo về việc tìm kiếm việc làm hằng tháng | @80 #1wd ! %full
Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp | @0.2 $2000000 #7wd &business
""",
    ),
    Block(
        "Lao động nước ngoài",
        department="SNV",
        applicant="business",
        limit="5wd",
        fee=600000,
        fee_share=0.8,
        names="""
{Cấp|Cấp lại|Gia hạn} giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam | @20
Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động | @5 $0 #3wd
Báo cáo giải trình nhu cầu, thay đổi nhu cầu sử dụng người lao động nước ngoài | @10 $0 #10wd
""",
    ),
    Block(
        "Lao động, tiền lương, an toàn lao động",
        department="SNV",
        applicant="business",
        limit="7wd",
        names="""
Đăng ký nội quy lao động | @3 ! %full
Gửi thỏa ước lao động tập thể | @0.5 !
Khai báo đưa vào sử dụng các loại máy, thiết bị, vật tư có yêu cầu nghiêm ngặt về an toàn lao động | @10 #5wd ! %full
Cấp giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao động hạng A | @0.1 $1500000 #25d
""",
    ),
    Block(
        "Người có công",
        department="SNV",
        applicant="citizen",
        limit="20wd",
        difficulty=1.4,
        online_cap="partial",
        names="""
Công nhận và giải quyết chế độ ưu đãi người hoạt động cách mạng, kháng chiến, bảo vệ Tổ quốc, làm nghĩa vụ quốc tế bị địch bắt tù, đày | @0.3
Công nhận và giải quyết chế độ ưu đãi đối với người hoạt động kháng chiến bị nhiễm chất độc hóa học | @0.5
Giám định lại thương tật do vết thương cũ tái phát và điều chỉnh chế độ | @0.3
Cấp trích lục hoặc sao hồ sơ người có công với cách mạng | @2 #5wd
Sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công | @1 #10wd
Di chuyển hài cốt liệt sĩ đang an táng tại nghĩa trang liệt sĩ đi nơi khác theo nguyện vọng của thân nhân | @0.5 #10wd
Thăm viếng mộ liệt sĩ | @1 #5wd
""",
    ),
    Block(
        "Công chức, viên chức",
        department="SNV",
        applicant="citizen",
        limit="30d",
        online_cap="partial",
        names="""
{Thi tuyển|Tiếp nhận vào} công chức | @0.5
{Xét tuyển|Thăng hạng chức danh nghề nghiệp} viên chức | @0.5
""",
    ),
    Block(
        "Tổ chức phi chính phủ",
        department="SNV",
        applicant="citizen",
        limit="30d",
        names="""
Công nhận ban vận động thành lập hội có phạm vi hoạt động trong tỉnh | @0.05
{Thành lập|Phê duyệt điều lệ|Đổi tên|Giải thể} hội | @0.1
Cấp giấy phép thành lập và công nhận điều lệ quỹ | @0.05 #40d
Công nhận quỹ đủ điều kiện hoạt động và công nhận thành viên hội đồng quản lý quỹ | @0.02
""",
    ),
    Block(
        "Thi đua, khen thưởng",
        department="SNV",
        applicant="both",
        limit="20wd",
        difficulty=1.2,
        online_cap="partial",
        names="""
Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh | @3
Tặng Cờ thi đua của Ủy ban nhân dân cấp tỉnh | @0.5
Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh | @0.5
Tặng danh hiệu Tập thể lao động xuất sắc | @0.5
Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh theo đợt hoặc chuyên đề | @1
Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh về thành tích đột xuất | @0.3 #10wd
""",
    ),
    Block(
        "Văn thư và lưu trữ nhà nước",
        department="SNV",
        applicant="citizen",
        limit="2wd",
        names="""
Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc | @3 $0 #8h
Cấp bản sao và chứng thực lưu trữ | @3 $20000 ~
Cấp chứng chỉ hành nghề lưu trữ | @0.1 $0 #15wd
""",
    ),
    # ---------------------------------------------------------------- Sở Khoa học và Công nghệ
    Block(
        "Hoạt động khoa học và công nghệ",
        department="SKHCN",
        applicant="business",
        limit="15wd",
        names="""
Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ | @0.5
{Cấp|Thay đổi, bổ sung} Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ | @0.5 $250000
Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ | @0.1 #7wd
Đăng ký thông tin kết quả nghiên cứu khoa học và phát triển công nghệ được mua bằng ngân sách nhà nước | @0.2
""",
    ),
    Block(
        "Chuyển giao công nghệ và sở hữu trí tuệ",
        department="SKHCN",
        applicant="business",
        limit="15wd",
        names="""
Đăng ký chuyển giao công nghệ | @0.2 $3000000
Cấp Giấy chứng nhận đăng ký gia hạn, sửa đổi, bổ sung nội dung chuyển giao công nghệ | @0.1 $2000000
Hỗ trợ đăng ký bảo hộ quyền sở hữu trí tuệ | @0.2
""",
    ),
    Block(
        "Tiêu chuẩn, đo lường, chất lượng",
        department="SKHCN",
        applicant="business",
        limit="5wd",
        names="""
Đăng ký kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu | @10 #1wd %full
Tiếp nhận bản công bố hợp quy | @5 ! %full
Chứng nhận chuẩn đo lường để kiểm định, hiệu chuẩn, thử nghiệm phương tiện đo nhóm 2 | @0.5 $600000 #15d
Kiểm tra nhà nước về đo lường đối với phương tiện đo, lượng hàng đóng gói sẵn nhập khẩu | @1 #1wd
""",
    ),
    Block(
        "An toàn bức xạ và hạt nhân",
        department="SKHCN",
        applicant="business",
        limit="15wd",
        fee=1000000,
        fee_share=0.7,
        names="""
{Cấp|Gia hạn} giấy phép tiến hành công việc bức xạ sử dụng thiết bị X-quang chẩn đoán trong y tế | @2
Cấp chứng chỉ nhân viên bức xạ cho người phụ trách an toàn cơ sở X-quang chẩn đoán trong y tế | @1 $200000 &citizen
Khai báo thiết bị X-quang chẩn đoán trong y tế | @1 $0 #5wd !
""",
    ),
    Block(
        "Bưu chính và viễn thông",
        department="SKHCN",
        applicant="business",
        limit="10wd",
        fee=1000000,
        fee_share=0.5,
        names="""
{Cấp|Sửa đổi, bổ sung} giấy phép bưu chính | @0.3
Cấp văn bản xác nhận thông báo hoạt động bưu chính | @0.5 $0 #7wd
Cấp giấy phép thiết lập mạng viễn thông dùng riêng | @0.1
""",
    ),
    # ---------------------------------------------------------------- Sở Văn hóa, Thể thao và Du lịch
    Block(
        "Nghệ thuật biểu diễn",
        department="SVHTTDL",
        applicant="business",
        limit="5wd",
        names="""
Tổ chức biểu diễn nghệ thuật trên địa bàn quản lý | @5
Tổ chức cuộc thi, liên hoan trên địa bàn quản lý | @1 #10wd
Tổ chức cuộc thi người đẹp, người mẫu | @0.1 #15wd
Thông báo tổ chức biểu diễn nghệ thuật | @3 ! %full
""",
    ),
    Block(
        "Di sản văn hóa",
        department="SVHTTDL",
        applicant="both",
        limit="15wd",
        online_cap="partial",
        names="""
Cấp giấy phép khai quật khẩn cấp | @0.01 #5wd &business
Đăng ký di vật, cổ vật, bảo vật quốc gia | @0.1
Thẩm định dự án tu bổ di tích | @0.1 #20wd &business
Xác nhận đủ điều kiện cấp giấy phép hoạt động bảo tàng ngoài công lập | @0.01 #30d
""",
    ),
    Block(
        "Mỹ thuật, nhiếp ảnh, triển lãm và quảng cáo",
        department="SVHTTDL",
        applicant="business",
        limit="7wd",
        names="""
Cấp giấy phép tổ chức triển lãm tác phẩm nhiếp ảnh tại Việt Nam | @0.2
Cấp giấy phép xây dựng tượng đài, tranh hoành tráng | @0.01 #15wd
Tiếp nhận hồ sơ thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn | @10 #5wd ! %full
""",
    ),
    Block(
        "Thể dục, thể thao",
        department="SVHTTDL",
        applicant="business",
        limit="7wd",
        fee=1000000,
        fee_share=0.5,
        names="""
Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao | @2
Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao cấp tỉnh | @0.2 $0 #20d
""",
    ),
    Block(
        "Du lịch",
        department="SDL",
        applicant="business",
        limit="10wd",
        fee=3000000,
        fee_share=0.6,
        names="""
{Cấp|Cấp đổi|Cấp lại} giấy phép kinh doanh dịch vụ lữ hành nội địa | @1
Cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế | @0.5 $4000000
{Cấp|Cấp đổi|Cấp lại} thẻ hướng dẫn viên du lịch | @2 $650000 &citizen
Công nhận hạng cơ sở lưu trú du lịch hạng 1 sao, 2 sao, 3 sao | @1 #30d
Công nhận điểm du lịch | @0.05 $0 #30d
""",
    ),
    Block(
        "Gia đình",
        department="SVHTTDL",
        applicant="business",
        limit="15wd",
        names="""
Cấp Giấy chứng nhận đăng ký hoạt động cơ sở trợ giúp nạn nhân bạo lực gia đình | @0.01
Cấp giấy chứng nhận nghiệp vụ chăm sóc nạn nhân bạo lực gia đình | @0.02 &citizen
""",
    ),
    Block(
        "Báo chí, xuất bản, in và phát hành",
        department="SVHTTDL",
        applicant="business",
        limit="10wd",
        names="""
Cấp giấy phép xuất bản bản tin | @0.5 #15d
Cho phép họp báo | @0.3 #2wd
Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp | @0.3 #10wd
{Cấp|Cấp lại} giấy phép hoạt động in | @0.3
Đăng ký hoạt động cơ sở in | @1 #7wd
Cấp giấy phép xuất bản tài liệu không kinh doanh | @1
Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh | @0.5 #5wd
Đăng ký hoạt động phát hành xuất bản phẩm | @0.3 #7wd
""",
    ),
    # ---------------------------------------------------------------- Sở Dân tộc và Tôn giáo
    Block(
        "Tín ngưỡng, tôn giáo",
        department="SDTTG",
        applicant="citizen",
        limit="30d",
        online_cap="partial",
        names="""
Đăng ký thuyên chuyển chức sắc, chức việc, nhà tu hành | @0.3 #7wd !
Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở nhiều xã | @0.2 #20d
Đề nghị sinh hoạt tôn giáo tập trung của người nước ngoài cư trú hợp pháp tại Việt Nam | @0.02 #30d
Thông báo người được phong phẩm hoặc suy cử làm chức sắc | @0.2 #15d !
Đăng ký mở lớp bồi dưỡng về tôn giáo cho người chuyên hoạt động tôn giáo | @0.1
Đề nghị tổ chức đại hội của tổ chức tôn giáo, tổ chức tôn giáo trực thuộc | @0.05
Thông báo tổ chức quyên góp ngoài địa bàn một xã của cơ sở tín ngưỡng, tổ chức tôn giáo | @0.2 #10wd !
""",
    ),
    Block(
        "Công tác dân tộc",
        department="SDTTG",
        applicant="citizen",
        limit="15wd",
        names="""
Công nhận người có uy tín trong đồng bào dân tộc thiểu số cấp tỉnh | @0.05
Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số | @0.02
""",
    ),
    # ---------------------------------------------------------------- Ban Quản lý các khu công nghiệp
    Block(
        "Đầu tư trong khu công nghiệp",
        department="BQLKCN",
        applicant="business",
        limit="15d",
        difficulty=1.3,
        names="""
{Cấp|Điều chỉnh} Giấy chứng nhận đăng ký đầu tư đối với dự án trong khu công nghiệp | @4
Chấp thuận chủ trương đầu tư của Ban quản lý các khu công nghiệp | @0.5 #35d
Chấm dứt hoạt động dự án đầu tư trong khu công nghiệp | @0.3
Cấp giấy phép kinh doanh hoạt động mua bán hàng hóa cho doanh nghiệp chế xuất | @0.3 $0 #10wd
""",
    ),
    Block(
        "Lao động, xây dựng và môi trường trong khu công nghiệp",
        department="BQLKCN",
        applicant="business",
        limit="5wd",
        fee=600000,
        fee_share=0.5,
        names="""
{Cấp|Gia hạn} giấy phép lao động cho người lao động nước ngoài làm việc trong khu công nghiệp | @10
Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động trong khu công nghiệp | @3 $0 #3wd
Đăng ký nội quy lao động của doanh nghiệp trong khu công nghiệp | @2 $0 #7wd !
Cấp giấy phép xây dựng công trình trong khu công nghiệp | @2 $150000 #20d
Thẩm định thiết kế xây dựng công trình trong khu công nghiệp | @1 $0 #30d
Cấp giấy phép môi trường cho dự án trong khu công nghiệp | @0.5 $5000000 #30d
""",
    ),
    # ---------------------------------------------------------------- Thanh tra tỉnh
    Block(
        "Giải quyết khiếu nại, tố cáo và tiếp công dân",
        department="TTR",
        applicant="citizen",
        limit="30d",
        difficulty=2.0,
        online_cap="partial",
        names="""
Giải quyết khiếu nại lần đầu tại cấp tỉnh | @1
Giải quyết khiếu nại lần hai tại cấp tỉnh | @2 #45d
Giải quyết tố cáo tại cấp tỉnh | @1
Tiếp công dân tại cấp tỉnh | @5 #1wd ! %none
Xử lý đơn tại cấp tỉnh | @5 #10wd !
""",
    ),
    # ---------------------------------------------------------------- Văn phòng UBND, Sở Ngoại vụ
    Block(
        "Kiểm soát thủ tục hành chính và cung cấp thông tin",
        department="VPUB",
        applicant="both",
        limit="10wd",
        names="""
Tiếp nhận và xử lý yêu cầu cung cấp thông tin của công dân | @1
Xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính | @0.5 !
""",
    ),
    Block(
        "Ngoại vụ",
        department="SNGV",
        applicant="business",
        limit="10wd",
        names="""
Cho phép sử dụng thẻ đi lại của doanh nhân APEC | @3
Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp tỉnh | @1 #15d
Xác nhận văn bản đề nghị cấp hộ chiếu ngoại giao, hộ chiếu công vụ | @1 #3wd &citizen
Thẩm định việc ký kết thỏa thuận quốc tế nhân danh Ủy ban nhân dân cấp tỉnh | @0.1 #15wd
""",
    ),
    # ---------------------------------------------------------------- Bộ Chỉ huy Quân sự tỉnh
    Block(
        "Quân sự, quốc phòng",
        department="BCHQS",
        applicant="citizen",
        limit="20wd",
        online_cap="partial",
        names="""
Giải quyết chế độ trợ cấp một lần đối với quân nhân đã phục viên, xuất ngũ | @1
Giải quyết chế độ bảo hiểm y tế đối với người tham gia chiến tranh bảo vệ Tổ quốc | @0.5
Xác nhận thời gian phục vụ trong quân đội | @1 #5wd
Đăng ký phục vụ trong ngạch dự bị của quân đội | @0.5 #1wd !
""",
    ),
)
